"""Request and response shapes of the JSON API: one msgspec Struct per input and output, per area."""
