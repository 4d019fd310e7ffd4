"""Exposes backports under vendored_compat/_shims via the .pth path entry."""
