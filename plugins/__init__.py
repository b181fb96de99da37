"""Built-in streetkit plugins. Each module uses only the public API (`import streetkit`) and is
registered through the `streetkit.plugins` entry point, exactly as a third-party plugin would be."""
