import os

import torch

_WEIGHTS = os.path.join(os.path.dirname(__file__), 'weights', 'model.pt')
MODEL = torch.load(_WEIGHTS, map_location='cpu', weights_only=False)
