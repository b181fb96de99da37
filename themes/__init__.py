"""Built-in streetkit themes (data folders; this file only makes them installable)."""
