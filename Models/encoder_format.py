"""The encoder file format shared by the scripts that write it (`train_encoder.py`) and the Swift reader
(`Sources/SentenceVectors/ContextualEncoder.swift`). All little-endian.

Header (64 bytes): magic b"PCENC002", then u32: tensor count, layers, hidden, heads, intermediate, vocab,
max positions, zero padding. Then one 96-byte entry per tensor: name (80 bytes UTF-8, NUL padded), u32 kind
(0 = float32, 1 = int8 rows with one float32 scale per row), u32 rows, u32 cols, u32 offset (from the file start,
a multiple of 64). Data of a float32 tensor: rows*cols floats, row-major. Data of an int8 tensor: rows float32
scales, then rows*cols int8, row-major; a value is `q * scale[row]`. (PCENC001 had 48-byte names, but
`encoder.layer.N.attention.output.LayerNorm.weight` is 49 bytes: its entries overran and shifted the data after
them. 002 widens the name; the writer checks that names fit and `read` gives back what `dequantised` computes.)

Tensors keep the Hugging Face BERT names; a linear layer's weight is [out, in] (y = x W^T + b). Stored as int8:
every linear weight and the word embeddings; everything else float32. Token type embeddings keep row 0 only.
"""
import struct

import numpy as np

MAGIC = b"PCENC002"
NAME_BYTES, ENTRY_BYTES = 80, 96
INT8_NAMES = ("word_embeddings.weight", "query.weight", "key.weight", "value.weight", "dense.weight")


def quantise_rows(x):
    """int8 with one scale per row: scale = max|row| / 127, q = round(row / scale)."""
    x = np.asarray(x, dtype=np.float32)
    scales = np.abs(x).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    q = np.clip(np.round(x / scales[:, None]), -127, 127).astype(np.int8)
    return q, scales.astype(np.float32)


def dequantised(tensors):
    """The float32 weights the binary computes with: int8 tensors rounded as they are stored."""
    out = {}
    for name, x in tensors.items():
        if name.endswith(INT8_NAMES):
            q, s = quantise_rows(x)
            out[name] = q.astype(np.float32) * s[:, None]
        else:
            out[name] = np.asarray(x, dtype=np.float32)
    return out


def write(path, tensors, config):
    """tensors: name -> 2-D or 1-D float array (HF names, `bert.` prefix removed)."""
    names = sorted(tensors)
    entries, blobs = [], []
    too_long = [n for n in names if len(n.encode()) > NAME_BYTES]
    assert not too_long, f"tensor names longer than {NAME_BYTES} bytes: {too_long}"
    offset = 64 + ENTRY_BYTES * len(names)
    for name in names:
        x = np.asarray(tensors[name], dtype=np.float32)
        if x.ndim == 1:
            x = x[None, :]
        offset = (offset + 63) // 64 * 64
        if name.endswith(INT8_NAMES):
            q, s = quantise_rows(x)
            blob = s.tobytes() + q.tobytes()
            kind = 1
        else:
            blob = np.ascontiguousarray(x).tobytes()
            kind = 0
        entries.append((name, kind, x.shape[0], x.shape[1], offset))
        blobs.append((offset, blob))
        offset += len(blob)
    header = MAGIC + struct.pack("<7I", len(names), config["num_hidden_layers"], config["hidden_size"],
                                 config["num_attention_heads"], config["intermediate_size"], config["vocab_size"],
                                 config["max_position_embeddings"])
    header += b"\0" * (64 - len(header))
    toc = b"".join(n.encode().ljust(NAME_BYTES, b"\0") + struct.pack("<4I", k, r, c, o) for n, k, r, c, o in entries)
    assert len(toc) == ENTRY_BYTES * len(entries)
    data = bytearray(header + toc)
    for off, blob in blobs:
        assert off >= len(data), "a tensor would start before the end of the one before it"
        data += b"\0" * (off - len(data))
        data += blob
    data += b"\0" * (-len(data) % 64)
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def read(path):
    """The tensors of a file as float32 (int8 ones dequantised) and its config: what the Swift reader sees."""
    data = open(path, "rb").read()
    assert data[:8] == MAGIC, "not a PCENC002 file"
    count, layers, hidden, heads, intermediate, vocab, positions = struct.unpack_from("<7I", data, 8)
    tensors = {}
    for k in range(count):
        entry = 64 + ENTRY_BYTES * k
        name = data[entry:entry + NAME_BYTES].rstrip(b"\0").decode()
        kind, rows, cols, offset = struct.unpack_from("<4I", data, entry + NAME_BYTES)
        if kind == 1:
            scales = np.frombuffer(data, np.float32, rows, offset)
            q = np.frombuffer(data, np.int8, rows * cols, offset + 4 * rows).reshape(rows, cols)
            tensors[name] = q.astype(np.float32) * scales[:, None]
        else:
            tensors[name] = np.frombuffer(data, np.float32, rows * cols, offset).reshape(rows, cols).copy()
    config = dict(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                  intermediate_size=intermediate, vocab_size=vocab, max_position_embeddings=positions)
    return tensors, config
