"""Loads a .pth into the notebook's MatrixFactorization with load_state_dict (strict) and prints
forward() for the (user id, movie id) pairs given as JSON on standard input, one score per line.
Used by ExportLoadsInPyTorchTests where PyTorch is installed."""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import MatrixFactorization  # noqa: E402

state = torch.load(sys.argv[1])
users, factors = state["user_factors.weight"].shape
items = state["item_factors.weight"].shape[0]
model = MatrixFactorization(users, items, factors)
model.load_state_dict(state)
pairs = json.load(sys.stdin)
with torch.no_grad():
    scores = model(torch.tensor([u - 1 for u, _ in pairs]), torch.tensor([i - 1 for _, i in pairs]))
for score in scores.tolist():
    print(repr(score))
