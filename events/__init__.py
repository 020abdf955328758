"""Transfer Fair: technology-transfer fairs end to end."""
