def thumbnail_size(width, height, box=128):
    """Scale (width, height) to fit inside a box x box square."""
    scale = min(box / width, box / height, 1.0)
    return max(1, int(width * scale)), max(1, int(height * scale))
