#!/usr/bin/env python3
"""Makes a Llama-layout copy of an Index model folder, for inference servers that know Llama but not Index.

    python3 convert_index_to_llama.py Index-1.9B-Character Index-1.9B-Character-llama

Index-1.9B is Llama with one difference, the norm head: each row of lm_head.weight is L2-normalised before use
(config.json "norm_head": 1). vLLM and llama.cpp know LlamaForCausalLM, not IndexForCausalLM, and a plain Llama
conversion without the normalisation gives wrong logits. This script normalises the rows once and writes them into
the copy, which is then a plain LlamaForCausalLM:

  - the weights: every format found in SRC is converted, into the same format in DST: model.safetensors (or its
    shards with model.safetensors.index.json) into one model.safetensors, pytorch_model.bin (or its shards) into one
    pytorch_model.bin. Tensors keep their names and dtypes; lm_head.weight is normalised in float32 and stored in its
    own dtype. A tied head (tie_word_embeddings) becomes an lm_head.weight of its own, the normalised embedding,
    and the copy is untied. An IndexForSequenceClassification reward model (score head, no lm_head) becomes a
    LlamaForSequenceClassification with its weights unchanged.
  - config.json: architectures LlamaForCausalLM (or LlamaForSequenceClassification), model_type llama, no
    norm_head and no auto_map (the copy runs no code of the model's own).
  - tokenizer_config.json: tokenizer_class LlamaTokenizer, no auto_map, everything else kept (add_bos_token stays
    false: the Character model's prompts start without BOS); tokenizer.model, special_tokens_map.json and
    generation_config.json are copied as they are.

Needs torch (a vLLM environment has it) and nothing else: safetensors files are read and written here directly
(the format is an 8-byte header length, a JSON header, then the raw tensors). DST must not exist; the copy is made
in DST.partial and renamed when complete, so a failed run leaves no half-written model behind.

Character Studio's tests run this script on its tiny fixture models and check that the studio's engine, running a
copy as plain Llama, gives the original's logits and greedy tokens (src/test/fixtures/make_llama_copies.py,
LlamaCopyTest).
"""
import collections
import json
import math
import pathlib
import shutil
import struct
import sys
import warnings

import torch

CAUSAL = {"IndexForCausalLM": "LlamaForCausalLM", "IndexForSequenceClassification": "LlamaForSequenceClassification"}
COPIED = ("tokenizer.model", "special_tokens_map.json", "generation_config.json")

# safetensors dtype names and torch's
DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
          "BOOL": torch.bool}
NAMES = {dtype: name for name, dtype in DTYPES.items()}


class ConversionError(Exception):
    pass


def read_safetensors(path):
    data = path.read_bytes()
    if len(data) < 8:
        raise ConversionError(f"{path}: too short to be a safetensors file")
    (header_length,) = struct.unpack("<Q", data[:8])
    try:
        header = json.loads(data[8:8 + header_length])
    except ValueError as e:
        raise ConversionError(f"{path}: the safetensors header is not JSON ({e})")
    body = memoryview(data)[8 + header_length:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in DTYPES:
            raise ConversionError(f"{path}: tensor {name} has dtype {info['dtype']}, which this script does not know")
        start, end = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        count = math.prod(info["shape"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # the buffer is read-only; each tensor is copied out of it at once
            flat = torch.frombuffer(body[start:end], dtype=dtype) if count else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(info["shape"]).clone()
    return tensors


def write_safetensors(tensors, path):
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, tensor in tensors.items():
        if tensor.dtype not in NAMES:
            raise ConversionError(f"tensor {name} has dtype {tensor.dtype}, which safetensors files do not hold here")
        raw = tensor.detach().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
        header[name] = {"dtype": NAMES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for raw in chunks:
            out.write(raw)


def read_bin(path):
    state = torch.load(path, map_location="cpu", weights_only=True)
    if not isinstance(state, dict):
        raise ConversionError(f"{path}: holds a {type(state).__name__}, not a state dict of tensors")
    return state


def read_sharded(index, read_one):
    weight_map = json.loads(index.read_text())["weight_map"]
    state = {}
    for shard in sorted(set(weight_map.values())):
        state.update(read_one(index.parent / shard))
    missing = sorted(set(weight_map) - set(state))
    if missing:
        raise ConversionError(f"{index}: names tensors no shard holds, e.g. {missing[0]}")
    return state


def weight_sets(src):
    """(reader, writer, output file name) for each weight format in SRC."""
    found = []
    if (src / "model.safetensors").is_file():
        found.append((lambda: read_safetensors(src / "model.safetensors"), write_safetensors, "model.safetensors"))
    elif (src / "model.safetensors.index.json").is_file():
        found.append((lambda: read_sharded(src / "model.safetensors.index.json", read_safetensors), write_safetensors,
                      "model.safetensors"))
    if (src / "pytorch_model.bin").is_file():
        found.append((lambda: read_bin(src / "pytorch_model.bin"), torch.save, "pytorch_model.bin"))
    elif (src / "pytorch_model.bin.index.json").is_file():
        found.append((lambda: read_sharded(src / "pytorch_model.bin.index.json", read_bin), torch.save,
                      "pytorch_model.bin"))
    if not found:
        raise ConversionError(f"no weights in {src}: expected model.safetensors, model.safetensors.index.json, "
                              "pytorch_model.bin or pytorch_model.bin.index.json")
    return found


def normalised(head):
    rows = head.float()
    return (rows / rows.norm(dim=1, keepdim=True).clamp_min(1e-12)).to(head.dtype)


def convert_state(state, config):
    """The copy's tensors: the norm head applied once to lm_head.weight (a tied head untied first)."""
    state = collections.OrderedDict(state)
    if config["architectures"][0] != "IndexForCausalLM":
        return state
    if "lm_head.weight" not in state:
        if not config.get("tie_word_embeddings"):
            raise ConversionError("the checkpoint has no lm_head.weight and its head is not tied to the embedding")
        state["lm_head.weight"] = state["model.embed_tokens.weight"].clone()
    if config.get("norm_head"):
        state["lm_head.weight"] = normalised(state["lm_head.weight"])
    return state


def convert_config(config):
    config = dict(config)
    config["architectures"] = [CAUSAL[config["architectures"][0]]]
    config["model_type"] = "llama"
    config.pop("norm_head", None)
    config.pop("auto_map", None)
    if config["architectures"][0] == "LlamaForCausalLM":
        config["tie_word_embeddings"] = False
    return config


def convert_tokenizer_config(tokenizer_config):
    tokenizer_config = dict(tokenizer_config)
    tokenizer_config["tokenizer_class"] = "LlamaTokenizer"
    tokenizer_config.pop("auto_map", None)
    tokenizer_config.setdefault("add_bos_token", False)
    tokenizer_config.setdefault("add_eos_token", False)
    tokenizer_config.setdefault("legacy", True)
    return tokenizer_config


def convert(src, dst):
    src, dst = pathlib.Path(src), pathlib.Path(dst)
    if dst.exists():
        raise ConversionError(f"{dst} exists already; name a new folder")
    config_file = src / "config.json"
    if not config_file.is_file():
        raise ConversionError(f"no config.json in {src}: is it a model folder?")
    config = json.loads(config_file.read_text(encoding="utf-8"))
    architectures = config.get("architectures") or [""]
    if architectures[0] not in CAUSAL:
        raise ConversionError(f"{config_file}: architectures {architectures} is not an Index model "
                              f"(expected one of {sorted(CAUSAL)})")
    partial = dst.with_name(dst.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    try:
        for read, write, name in weight_sets(src):
            write(convert_state(read(), config), partial / name)
        (partial / "config.json").write_text(json.dumps(convert_config(config), indent=1, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
        tokenizer_config = src / "tokenizer_config.json"
        if tokenizer_config.is_file():
            converted = convert_tokenizer_config(json.loads(tokenizer_config.read_text(encoding="utf-8")))
            (partial / "tokenizer_config.json").write_text(json.dumps(converted, indent=1, ensure_ascii=False) + "\n",
                                                           encoding="utf-8")
        for name in COPIED:
            if (src / name).is_file():
                shutil.copyfile(src / name, partial / name)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(dst)


def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__.split("\n\n")[1].strip())
        print("usage: convert_index_to_llama.py SRC_MODEL_FOLDER NEW_FOLDER")
        return 2 if len(argv) != 2 else 0
    try:
        convert(argv[1], argv[2])
    except (ConversionError, OSError, KeyError, ValueError) as e:
        print(f"convert_index_to_llama: {e}", file=sys.stderr)
        return 1
    print(f"wrote {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
