"""HTML pages built on the same domain functions as the API; handlers only translate."""
