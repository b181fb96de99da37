"""The renderers: Jinja2 environments for HTML, WeasyPrint for PDF."""
