#!/usr/bin/env python3
"""Fine-tunes all-MiniLM-L6-v2 as one multi-label sentence classifier over the 18 criteria a mentor reads in a pitch,
from sentences labelled in their texts (`../shared/corpus-train/sentences.tsv`, two labellers) and the rubrics'
examples (and, by a second head, every sentence of a rated text its text's ratings and situation), and writes what the
binary runs:

- `Models/encoder.bin`   the fine-tuned encoder (format: `encoder_format.py`), int8 linear weights;
- `Models/sentence-heads.tsv`  the classifier: one line per criterion, its weights over the pooled vector, bias.

Cross-validation (`--folds 3`, folds over texts, never over sentences) writes the out-of-fold logits of every corpus
sentence to the cache (`~/.cache/pitchcoach/oof-logits.npz`); `fit_scoring.py` calibrates the heads and fits the
document score on those, so no weight is fitted on readings of the sentences it was trained on.

Usage (from the project root):
    python3 Models/train_encoder.py --folds 3 --epochs 2   # out-of-fold readings and vectors (3 fine-tunes)
    python3 Models/train_encoder.py --final                # trains on everything, writes the two files above

Needs numpy, jax, optax, tokenizers (pip). The texts stay in ../shared; nothing of them is written to the project.
"""
import argparse
import csv
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import encoder_format  # noqa: E402
import generate_table  # noqa: E402

SHARED = Path(os.environ.get("PITCHCOACH_SHARED", HERE.parent.parent / "shared"))
CACHE = Path(os.environ.get("PITCHCOACH_CACHE", Path.home() / ".cache" / "pitchcoach"))
RUBRICS = HERE.parent / "Rubrics"

# The 18 ids the labellers used (LABEL-GUIDE.md), and the rubric criterion each one reads.
LABELS = ["boss-goals", "cost-and-risk", "long-term-value", "named-successor", "successor-preparation",
          "transition-timeline", "short-term-cover", "directs-and-work", "ask-clear", "yes-able-question", "fallback",
          "ultimatum", "blame", "venting", "absolutes", "self-pity", "over-head", "insult"]
CRITERION = {"ask-clear": "ask-up-front", "ultimatum": "no-ultimatums", "blame": "no-blame",
             "venting": "no-venting", "absolutes": "no-absolutes", "self-pity": "no-self-pity",
             "over-head": "no-going-over-head", "insult": "no-insults"}
# The raters' scales (corpus-train's LABELS.tsv) an extra head reads from each sentence of a rated text, when
# `--text-targets` gives it a weight: every sentence is taught its text's rating (0–1, higher better), so the vectors
# whose mean the whole-text readings weigh learn what the raters saw in the text. The head itself is not exported.
TEXT_SCALES = ["org_benefit", "successor", "bridge_risk", "overall"]
# With `--situation-targets`, the same head also reads the text's situation (one column each, a move to another site
# counted as a move sideways), so the vectors the situation head averages carry what the raters called the situation.
TEXT_SITUATIONS = ["lateral", "step-down", "promotion", "raise", "decline", "handover"]
MAX_TOKENS = 128
# The pooled vector is L2-normalised; the head sees it times this, so its weights start on a useful scale.
POOL_SCALE = 10.0
SEED = 7

T0 = time.time()


def log(msg):
    print(f"[{time.time() - T0:7.1f}s] {msg}", flush=True)


def criterion_of(label):
    return CRITERION.get(label, label)


# ---------------------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------------------

def corpus_sentences():
    """[(file, n, sentence, soft labels (18,))]: the mean of the two labellers' 0/1."""
    path = SHARED / "corpus-train" / "sentences.tsv"
    if not path.exists():
        sys.exit(f"{path}: not found (set PITCHCOACH_SHARED to the folder holding corpus-train/)")
    return labelled_sentences(path)


# Sentences this project wrote and labelled (`written-sentences.tsv`, see ENCODER.md): more of what the corpus is thin
# in, taught beside it in every fold and in the final model, never held out or scored.
WRITTEN = HERE / "written-sentences.tsv"


def written_sentences():
    return labelled_sentences(WRITTEN) if WRITTEN.exists() else []


def labelled_sentences(path):
    """[(file, n, sentence, soft labels (18,))] from a file in sentences.tsv's shape: the mean of the two labellers'
    0/1."""
    out = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            y = np.zeros(len(LABELS), dtype=np.float32)
            for col in ("labels_a", "labels_b"):
                for lab in row[col].split(","):
                    if lab in LABELS:
                        y[LABELS.index(lab)] += 0.5
            out.append((row["file"], int(row["n"]), row["sentence"], y))
    return out


def label_rows():
    """{corpus-train file ("real/…", "drafts/…"): its row of LABELS.tsv (both raters' figures, the situation)}."""
    rows = {}
    for sub in ("real", "drafts"):
        with open(SHARED / "corpus-train" / sub / "LABELS.tsv", encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                rows[f"{sub}/{r['file']}"] = r
    return rows


def scale_value(row, column):
    """A rater's 1–5 in `column` as 0–1, higher better (bridge risk reversed: 1 is calm)."""
    value = float(row[column])
    return (5 - value) / 4 if column == "bridge_risk" else (value - 1) / 4


def text_ratings():
    """{corpus-train file: its ratings on TEXT_SCALES as 0–1, higher better}."""
    return {name: np.array([scale_value(r, s) for s in TEXT_SCALES], dtype=np.float32)
            for name, r in label_rows().items()}


def text_situations():
    """{corpus-train file: its situation as a one-hot over TEXT_SITUATIONS} for the texts whose situation is one."""
    out = {}
    for name, r in label_rows().items():
        situation = "lateral" if r["situation"] == "transfer" else r["situation"]
        if situation in TEXT_SITUATIONS:
            out[name] = np.array([s == situation for s in TEXT_SITUATIONS], dtype=np.float32)
    return out


def rubric_examples():
    """[(sentence, soft labels, mask)]: a rubric example teaches its own criterion only (shows it or a near miss);
    the other 17 are masked out, since nobody judged the example for them."""
    import yaml
    index = {criterion_of(lab): i for i, lab in enumerate(LABELS)}
    out = []
    for path in sorted(RUBRICS.glob("*.yaml")):
        rubric = yaml.safe_load(path.read_text(encoding="utf-8"))
        for c in rubric.get("criteria", []):
            if c["id"] not in index:
                continue
            i = index[c["id"]]
            shows, misses = ("misses", "meets") if c["kind"] == "avoid" else ("meets", "misses")
            for key, value in ((shows, 1.0), (misses, 0.0)):
                for text in c.get("examples", {}).get(key, []):
                    y = np.zeros(len(LABELS), dtype=np.float32)
                    mask = np.zeros(len(LABELS), dtype=np.float32)
                    y[i], mask[i] = value, 1.0
                    out.append((str(text), y, mask))
    return out


def tokenizer():
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(generate_table.ensure_model() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


def encode(tok, texts):
    """[CLS] + pieces (at most MAX_TOKENS - 2) + [SEP], as the Swift encoder builds them."""
    out = []
    for enc in tok.encode_batch(list(texts), add_special_tokens=False):
        out.append([101] + enc.ids[:MAX_TOKENS - 2] + [102])
    return out


BUCKETS = (16, 24, 32, 48, 64, 96, 128)


def batches(ids, order, size):
    """Batches of `size` in `order`, each padded to the smallest bucket holding its longest sequence (few shapes,
    so JAX compiles a handful of programs)."""
    for start in range(0, len(order), size):
        chosen = order[start:start + size]
        longest = max(len(ids[i]) for i in chosen)
        width = next(b for b in BUCKETS if b >= longest)
        x = np.zeros((len(chosen), width), dtype=np.int32)
        m = np.zeros((len(chosen), width), dtype=np.float32)
        for r, i in enumerate(chosen):
            x[r, :len(ids[i])] = ids[i]
            m[r, :len(ids[i])] = 1
        yield chosen, x, m


# ---------------------------------------------------------------------------------------------------------------------
# The model in JAX (the same forward pass as generate_table.MiniLM, differentiable)
# ---------------------------------------------------------------------------------------------------------------------

def initial_params():
    tensors = generate_table.load_safetensors(generate_table.ensure_model() / "model.safetensors")
    p = {k: np.asarray(v, dtype=np.float32) for k, v in tensors.items() if k != "embeddings.position_ids"}
    p["embeddings.token_type_embeddings.weight"] = p["embeddings.token_type_embeddings.weight"][:1]
    p["head.weight"] = np.zeros((len(LABELS), 384), dtype=np.float32)
    p["head.bias"] = np.full((len(LABELS),), -2.0, dtype=np.float32)
    text_columns = len(TEXT_SCALES) + len(TEXT_SITUATIONS)
    p["head.text_weight"] = np.zeros((text_columns, 384), dtype=np.float32)
    p["head.text_bias"] = np.zeros((text_columns,), dtype=np.float32)
    return p


def forward(p, ids, mask):
    import jax
    import jax.numpy as jnp

    def ln(x, name):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / jnp.sqrt(var + 1e-12) * p[name + ".weight"] + p[name + ".bias"]

    def dense(x, name):
        return x @ p[name + ".weight"].T + p[name + ".bias"]

    b, t = ids.shape
    x = p["embeddings.word_embeddings.weight"][ids] + p["embeddings.position_embeddings.weight"][:t][None] \
        + p["embeddings.token_type_embeddings.weight"][0]
    x = ln(x, "embeddings.LayerNorm")
    bias = ((1.0 - mask) * -1e9)[:, None, None, :]
    for i in range(6):
        pre = f"encoder.layer.{i}."

        def heads(y):
            return y.reshape(b, t, 12, 32).transpose(0, 2, 1, 3)
        q = heads(dense(x, pre + "attention.self.query"))
        k = heads(dense(x, pre + "attention.self.key"))
        v = heads(dense(x, pre + "attention.self.value"))
        att = jax.nn.softmax(q @ k.transpose(0, 1, 3, 2) / math.sqrt(32) + bias, axis=-1)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, t, 384)
        x = ln(x + dense(ctx, pre + "attention.output.dense"), pre + "attention.output.LayerNorm")
        h = jax.nn.gelu(dense(x, pre + "intermediate.dense"), approximate=False)
        x = ln(x + dense(h, pre + "output.dense"), pre + "output.LayerNorm")
    pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    pooled = pooled / jnp.linalg.norm(pooled, axis=-1, keepdims=True)
    return pooled, (pooled * POOL_SCALE) @ p["head.weight"].T + p["head.bias"]


def finetune(items, epochs=3, batch=32, lr=4e-5, head_lr=2e-3, text_weight=0.0, situation_weight=0.0):
    """items: [(ids, soft labels, mask, weight, text targets, text mask)] → fine-tuned params (numpy); `text_weight`
    weighs the text-rating columns' loss beside the criteria's, `situation_weight` the situation's columns'."""
    import jax
    import jax.numpy as jnp
    import optax

    ys = np.stack([it[1] for it in items])
    ms = np.stack([it[2] for it in items])
    ws = np.array([it[3] for it in items], dtype=np.float32)
    ts = np.stack([it[4] for it in items])
    column_weight = np.array([text_weight] * len(TEXT_SCALES) + [situation_weight] * len(TEXT_SITUATIONS),
                             dtype=np.float32)
    tms = np.stack([it[5] for it in items]) * column_weight
    # Rare criteria count more, so a head learns them at all (the calibration undoes the shift in probability).
    pos = (ys * ms).sum(0)
    neg = ((1 - ys) * ms).sum(0)
    pos_weight = np.clip(np.sqrt(neg / np.maximum(pos, 1)), 1, 6).astype(np.float32)

    params = {k: jnp.asarray(v) for k, v in initial_params().items()}
    steps = epochs * math.ceil(len(items) / batch)
    schedule = optax.warmup_linear_decay_schedule if hasattr(optax, "warmup_linear_decay_schedule") else None

    def sched(base):
        warm = max(1, steps // 10)
        return optax.join_schedules([optax.linear_schedule(0.0, base, warm),
                                     optax.linear_schedule(base, 0.0, steps - warm)], [warm])
    del schedule
    labels = {k: ("head" if k.startswith("head.") else "encoder") for k in params}
    opt = optax.multi_transform({"head": optax.adamw(sched(head_lr), weight_decay=0.0),
                                 "encoder": optax.adamw(sched(lr), weight_decay=0.01)}, labels)
    state = opt.init(params)

    def loss_fn(p, x, m, y, lm, w, ty, tm):
        pooled, logits = forward(p, x, m)
        per = optax.sigmoid_binary_cross_entropy(logits, y)
        per = per * jnp.where(y > 0, pos_weight, 1.0) * lm
        text_logits = (pooled * POOL_SCALE) @ p["head.text_weight"].T + p["head.text_bias"]
        per_text = optax.sigmoid_binary_cross_entropy(text_logits, ty) * tm
        return ((per.sum(1) + per_text.sum(1)) * w).sum() / jnp.maximum(w.sum(), 1.0)

    @jax.jit
    def step(p, s, x, m, y, lm, w, ty, tm):
        loss, grads = jax.value_and_grad(loss_fn)(p, x, m, y, lm, w, ty, tm)
        updates, s = opt.update(grads, s, p)
        return optax.apply_updates(p, updates), s, loss

    rng = np.random.default_rng(SEED)
    ids = [it[0] for it in items]
    for epoch in range(epochs):
        # Shuffle, then sort within chunks of 50 batches by length: little padding, still mixed.
        order = rng.permutation(len(items))
        chunk = batch * 50
        order = np.concatenate([sorted(order[i:i + chunk], key=lambda j: len(ids[j]))
                                for i in range(0, len(order), chunk)])
        groups = list(batches(ids, order, batch))
        rng.shuffle(groups)
        total = 0.0
        for chosen, x, m in groups:
            params, state, loss = step(params, state, x, m, ys[chosen], ms[chosen], ws[chosen], ts[chosen], tms[chosen])
            total += float(loss) * len(chosen)
        log(f"  epoch {epoch + 1}/{epochs}: loss {total / len(items):.4f}")
    return {k: np.asarray(v) for k, v in params.items()}


def predict(params, ids, batch=64):
    """(pooled vectors (n, 384), logits (n, 18)) in input order."""
    import jax
    import jax.numpy as jnp
    p = {k: jnp.asarray(v) for k, v in params.items()}
    run = jax.jit(forward)
    pooled = np.zeros((len(ids), 384), dtype=np.float32)
    logits = np.zeros((len(ids), len(LABELS)), dtype=np.float32)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    for chosen, x, m in batches(ids, order, batch):
        v, z = run(p, x, m)
        pooled[chosen] = np.asarray(v)
        logits[chosen] = np.asarray(z)
    return pooled, logits


# ---------------------------------------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------------------------------------

def folds_of(files, k):
    """Texts dealt to k folds in a fixed shuffled order (every sentence of a text in the same fold)."""
    names = sorted(set(files))
    rng = np.random.default_rng(SEED)
    rng.shuffle(names)
    return {name: i % k for i, name in enumerate(names)}


def items_for(tok, corpus, examples, example_weight=0.5):
    """A sentence of a rated text is also taught its text's ratings (`text_ratings`) and situation
    (`text_situations`); the others are masked out."""
    ids = encode(tok, [c[2] for c in corpus] + [e[0] for e in examples])
    full = np.ones(len(LABELS), dtype=np.float32)
    ratings, situations = text_ratings(), text_situations()
    no_rating = np.zeros(len(TEXT_SCALES), dtype=np.float32)
    no_situation = np.zeros(len(TEXT_SITUATIONS), dtype=np.float32)

    def text_targets(name):
        targets = np.concatenate([ratings.get(name, no_rating), situations.get(name, no_situation)])
        mask = np.concatenate([no_rating + (name in ratings), no_situation + (name in situations)])
        return targets, mask
    out = [(ids[i], c[3], full, 1.0, *text_targets(c[0])) for i, c in enumerate(corpus)]
    none = np.zeros(len(TEXT_SCALES) + len(TEXT_SITUATIONS), dtype=np.float32)
    out += [(ids[len(corpus) + i], e[1], e[2], example_weight, none, none) for i, e in enumerate(examples)]
    return out


def cross_validate(k, epochs, text_weight=0.0, situation_weight=0.0):
    tok = tokenizer()
    corpus = corpus_sentences()
    examples = rubric_examples()
    written = written_sentences()
    fold = folds_of([c[0] for c in corpus], k)
    ids = encode(tok, [c[2] for c in corpus])
    oof = np.zeros((len(corpus), len(LABELS)), dtype=np.float32)
    # The held-out sentences' vectors too: the whole-text readings are fitted on vectors no fold model saw labelled.
    oof_pooled = np.zeros((len(corpus), 384), dtype=np.float32)
    for f in range(k):
        train = [c for c in corpus if fold[c[0]] != f]
        held = [i for i, c in enumerate(corpus) if fold[c[0]] == f]
        log(f"fold {f + 1}/{k}: {len(train)} sentences to train on, {len(held)} held out")
        params = finetune(items_for(tok, train + written, examples), epochs=epochs, text_weight=text_weight,
                          situation_weight=situation_weight)
        pooled, logits = predict(params, [ids[i] for i in held])
        oof[held] = logits
        oof_pooled[held] = pooled
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE / "oof-logits.npz", files=np.array([c[0] for c in corpus]), n=np.array([c[1] for c in corpus]),
             logits=oof, pooled=oof_pooled, folds=np.array([fold[c[0]] for c in corpus]))
    log(f"wrote {CACHE / 'oof-logits.npz'}")


def final(epochs, text_weight=0.0, situation_weight=0.0):
    tok = tokenizer()
    corpus = corpus_sentences() + written_sentences()
    examples = rubric_examples()
    log(f"final fine-tune on {len(corpus)} labelled sentences and {len(examples)} rubric examples")
    params = finetune(items_for(tok, corpus, examples), epochs=epochs, text_weight=text_weight,
                      situation_weight=situation_weight)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE / "final-params.npz", **params)
    export(params)


def export(params):
    config = json.loads((generate_table.ensure_model() / "config.json").read_text())
    encoder = {k: v for k, v in params.items() if not k.startswith("head.")}
    size = encoder_format.write(HERE / "encoder.bin", encoder, config)
    log(f"wrote Models/encoder.bin ({size} bytes)")
    write_heads(params, [(1.0, 0.0, 0.5)] * len(LABELS))


def write_heads(params, calibration, gathered=None):
    """One line per criterion: label, the criterion it reads, the logit's bias, Platt's a and b (the strength is
    sigmoid(a·logit + b)), the threshold from which a sentence counts, and the 384 weights over the pooled vector.
    `gathered` ({criterion: [labels]}): criteria read by several heads get a line for each, after the others."""
    with open(HERE / "sentence-heads.tsv", "w", encoding="utf-8") as f:
        f.write("# label\tcriterion\tbias\tplatt-a\tplatt-b\tthreshold\tweights\n")
        lines = [(lab, criterion_of(lab)) for lab in LABELS]
        lines += [(lab, crit) for crit, labs in (gathered or {}).items() for lab in labs]
        for lab, crit in lines:
            i = LABELS.index(lab)
            a, b, t = calibration[i]
            w = params["head.weight"][i] * POOL_SCALE
            f.write(f"{lab}\t{crit}\t{params['head.bias'][i]:.6f}\t{a:.6f}\t{b:.6f}\t{t:.2f}\t"
                    + " ".join(f"{x:.6f}" for x in w) + "\n")
    log("wrote Models/sentence-heads.tsv")


def write_reference():
    """`Models/fixtures/encoder-vectors.tsv`: the fixture sentences of `fixtures/tokenizer.tsv` (synthetic, written for
    the tokenizer's tests) through the numpy forward pass of `generate_table.MiniLM` on the weights as stored in
    `encoder.bin`; the Swift encoder is held to these (cosine >= 0.999)."""
    tensors, _ = encoder_format.read(HERE / "encoder.bin")
    tensors = {k: (v[0] if v.shape[0] == 1 and not k.endswith("token_type_embeddings.weight") else v)
               for k, v in tensors.items()}
    config = json.loads((generate_table.ensure_model() / "config.json").read_text())
    model = generate_table.MiniLM(tensors, config)
    with open(HERE / "fixtures" / "tokenizer.tsv", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:301]
    with open(HERE / "fixtures" / "encoder-vectors.tsv", "w", encoding="utf-8") as f:
        f.write("sentence\tvector\n")
        for sentence, ids in rows:
            ids = np.array([[101] + [int(x) for x in ids.split()][:MAX_TOKENS - 2] + [102]])
            h = model.forward(ids, np.ones_like(ids))[0].astype(np.float64).mean(axis=0)
            f.write(sentence + "\t" + " ".join("%.6f" % x for x in h / np.linalg.norm(h)) + "\n")
    log("wrote Models/fixtures/encoder-vectors.tsv")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=0, help="cross-validate over texts with this many folds")
    ap.add_argument("--final", action="store_true", help="train on everything and write the model files")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--text-targets", type=float, default=5.0,
                    help="weight of the head that teaches each sentence its text's ratings (0: none; 5 is shipped)")
    ap.add_argument("--situation-targets", type=float, default=3.0,
                    help="weight of the same head's columns that teach each sentence its text's situation "
                         "(0: none; 3 is shipped)")
    ap.add_argument("--reference", action="store_true", help="write the reference vectors of Models/encoder.bin")
    args = ap.parse_args()
    if args.folds:
        cross_validate(args.folds, args.epochs, args.text_targets, args.situation_targets)
    if args.final:
        final(args.epochs, args.text_targets, args.situation_targets)
    if args.final or args.reference:
        write_reference()


if __name__ == "__main__":
    main()
