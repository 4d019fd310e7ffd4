from .runner import run_cells, split_cells

__all__ = ["run_cells", "split_cells"]
