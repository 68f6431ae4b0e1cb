"""Makes the .pth fixtures of the PyTorch import tests, once, with real PyTorch.

Run from this folder with Debian's python3-torch (apt-get install python3-torch):
    /usr/bin/python3 make_fixtures.py
The outputs are committed; the tests and CI never need PyTorch. expected.json holds, for every
fixture, each tensor's shape and the bit patterns of its values as PyTorch holds them, and the
notebook model's forward() for a few (user, movie) pairs.
"""
import io
import json
import os
import pickle
import struct
import subprocess
import zipfile

import torch

MARKER = "/tmp/mf-recommender-pickle-ran"

# The ratings the fixtures were "trained" on: users 1-8 without 5, movies 1-10 without 7, so
# row 4 of the user table and row 6 of the item table are never trained (as in MovieLens-1M).
RATINGS = [
    (1, 1, 5), (1, 2, 3), (1, 3, 4), (2, 1, 4), (2, 4, 2), (2, 5, 5), (3, 2, 1), (3, 6, 4),
    (3, 8, 5), (4, 3, 3), (4, 9, 4), (6, 10, 2), (6, 1, 5), (7, 4, 4), (7, 8, 3), (8, 9, 5),
    (8, 10, 1), (8, 2, 4),
]
N_USERS, N_ITEMS, K = 8, 10, 4


class MatrixFactorization(torch.nn.Module):
    """The notebook's model."""

    def __init__(self, n_users, n_items, n_factors=20):
        super().__init__()
        self.user_factors = torch.nn.Embedding(n_users, n_factors)
        self.item_factors = torch.nn.Embedding(n_items, n_factors)

    def forward(self, user, item):
        return (self.user_factors(user) * self.item_factors(item)).sum(1)


class BiasedMatrixFactorization(MatrixFactorization):
    def __init__(self, n_users, n_items, n_factors=20):
        super().__init__(n_users, n_items, n_factors)
        self.user_bias = torch.nn.Embedding(n_users, 1)
        self.item_bias = torch.nn.Embedding(n_items, 1)
        self.global_bias = torch.nn.Parameter(torch.tensor(3.5))

    def forward(self, user, item):
        return (super().forward(user, item) + self.user_bias(user).squeeze(1)
                + self.item_bias(item).squeeze(1) + self.global_bias)


def train(model, epochs=20):
    """A few SparseAdam-free full-batch steps so the trained rows differ from the untrained ones."""
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    users = torch.tensor([u - 1 for u, _, _ in RATINGS])
    items = torch.tensor([i - 1 for _, i, _ in RATINGS])
    target = torch.tensor([float(r) for _, _, r in RATINGS], dtype=next(model.parameters()).dtype)
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = ((model(users, items) - target) ** 2).mean()
        loss.backward()
        optimizer.step()
    return model


def bits(tensor):
    flat = tensor.detach().contiguous().reshape(-1)
    if flat.dtype == torch.float32:
        return [struct.unpack("<I", struct.pack("<f", v))[0] for v in flat.tolist()]
    return [format(struct.unpack("<Q", struct.pack("<d", v))[0], "016x") for v in flat.tolist()]


def describe(state):
    return {name: {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "bits": bits(t)}
            for name, t in state.items()}


PAIRS = [(1, 1), (2, 5), (8, 10), (3, 7), (5, 2)]


def predictions(model):
    users = torch.tensor([u - 1 for u, _ in PAIRS])
    items = torch.tensor([i - 1 for _, i in PAIRS])
    with torch.no_grad():
        out = model(users, items)
    return [{"user": u, "movie": i, "score": v, "bits": b}
            for (u, i), v, b in zip(PAIRS, out.tolist(), bits(out))]


def save(state, name):
    torch.save(state, name)
    return name


def with_records(source, target, replace):
    """Copies the archive `source` to `target`, replacing records by name (suffix after the folder)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zout:
        folder = zin.namelist()[0].split("/")[0]
        names = [n.split("/", 1)[1] for n in zin.namelist()]
        for name in names:
            data = replace.get(name, zin.read(folder + "/" + name))
            if data is not None:
                zout.writestr(folder + "/" + name, data)
        for name, data in replace.items():
            if name not in names and data is not None:
                zout.writestr(folder + "/" + name, data)


def malicious(target, payload, protocol):
    """A .pth whose data.pkl runs `payload` (a __reduce__ result) when Python unpickles it."""

    class Payload:
        def __reduce__(self):
            return payload

    buffer = io.BytesIO()
    pickle.Pickler(buffer, protocol=protocol).dump({"user_factors.weight": Payload()})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zout:
        zout.writestr("archive/data.pkl", buffer.getvalue())
        zout.writestr("archive/version", "3\n")


def main():
    expected = {"ratings": RATINGS, "pairs": PAIRS, "marker": MARKER, "torch": torch.__version__}

    torch.manual_seed(20)
    notebook = train(MatrixFactorization(N_USERS, N_ITEMS, K))
    save(notebook.state_dict(), "notebook.pth")
    expected["notebook.pth"] = {"tensors": describe(notebook.state_dict()), "predictions": predictions(notebook)}

    torch.manual_seed(21)
    biased = train(BiasedMatrixFactorization(N_USERS, N_ITEMS, K))
    save(biased.state_dict(), "biased.pth")
    expected["biased.pth"] = {"tensors": describe(biased.state_dict()), "predictions": predictions(biased)}

    torch.manual_seed(22)
    double = train(MatrixFactorization(N_USERS, N_ITEMS, K).double())
    save(double.state_dict(), "float64.pth")
    expected["float64.pth"] = {"tensors": describe(double.state_dict()), "predictions": predictions(double)}

    # Views: the item table saved as the transpose of a (k, n) matrix (strides (1, n)), and the user
    # table a slice of a larger storage (a non-zero storage offset).
    torch.manual_seed(23)
    strided = MatrixFactorization(N_USERS, N_ITEMS, K)
    columns = torch.randn(K, N_ITEMS)
    backing = torch.randn(N_USERS + 3, K)
    state = {"user_factors.weight": backing[3:], "item_factors.weight": columns.t()}
    assert not state["item_factors.weight"].is_contiguous()
    strided.load_state_dict(state)
    save(state, "transposed.pth")
    expected["transposed.pth"] = {"tensors": describe(state), "predictions": predictions(strided)}

    # Big-endian: the notebook's file with every storage byte-swapped and byteorder 'big', the
    # layout PyTorch 2.1 and later write on a big-endian machine (this PyTorch cannot run on one).
    swapped = {}
    with zipfile.ZipFile("notebook.pth") as zin:
        for name in zin.namelist():
            short = name.split("/", 1)[1]
            if short.startswith("data/"):
                raw = zin.read(name)
                swapped[short] = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    swapped["byteorder"] = b"big"
    with_records("notebook.pth", "bigendian.pth", swapped)

    # Refused: pickles that would run a command if Python unpickled them.
    # Protocol 2 names globals with GLOBAL, protocol 4 with STACK_GLOBAL: both paths are refused.
    malicious("os-system.pth", (os.system, ("touch " + MARKER,)), 2)
    malicious("builtins-eval.pth", (eval, ("__import__('os').system('touch " + MARKER + "')",)), 4)
    malicious("subprocess-popen.pth", (subprocess.Popen, (["touch", MARKER],)), 4)
    # A whole module saved (torch.save(model)) instead of its state dict.
    torch.save(notebook, "whole-model.pth")

    with open("expected.json", "w") as out:
        json.dump(expected, out, indent=1)
        out.write("\n")
    with open("ratings.dat", "w") as out:
        for u, i, r in RATINGS:
            out.write(f"{u}::{i}::{r}::97830{u}{i}\n")


if __name__ == "__main__":
    main()
