"""Pure document builders: plain data in, text or bytes out."""
