"""HTTP adapters: JSON controllers over the domain functions."""
