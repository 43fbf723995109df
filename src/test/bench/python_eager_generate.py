#!/usr/bin/env python3
"""The same Index forward pass as the studio's IndexTransformer, in plain PyTorch eager (Debian python3-torch),
for `bench generate --python src/test/bench/python_eager_generate.py`: decode ms/step for N candidates side by side and
time to first token for a long prompt. Reads model.safetensors through a numpy memmap (no safetensors package).

usage: python3 src/test/bench/python_eager_generate.py --model DIR [--prompt-tokens 32] [--decode-steps 16]
       [--batch 1,4] [--long-prompt 2000] [--threads N] [--device cpu|cuda] [--dtype fp32|fp16]
On CUDA the timings wait for the GPU (torch.cuda.synchronize) before they stop.
Prints one JSON object.
"""
import argparse
import json
import math
import os
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F

NP = {"F32": np.float32, "F16": np.float16}


def load(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    path = os.path.join(model_dir, "model.safetensors")
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    w = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        chunk = raw[a:b]
        if info["dtype"] == "BF16":
            t = torch.from_numpy(np.array(chunk.view(np.int16))).view(torch.bfloat16).float()
        else:
            t = torch.from_numpy(chunk.view(NP[info["dtype"]])).float()
        w[name] = t.view(*info["shape"])
    head = w["lm_head.weight"]
    w["lm_head.weight"] = head / head.norm(dim=1, keepdim=True)
    return cfg, w


class Model:
    def __init__(self, cfg, w, device="cpu", dtype=torch.float32):
        self.device, self.dtype = device, dtype
        w = {name: t.to(device=device, dtype=dtype) for name, t in w.items()}
        self.cfg, self.w = cfg, w
        self.h = cfg["hidden_size"]
        self.heads = cfg["num_attention_heads"]
        self.kv = cfg.get("num_key_value_heads", self.heads)
        self.d = self.h // self.heads
        self.layers = cfg["num_hidden_layers"]
        self.eps = cfg["rms_norm_eps"]
        theta = cfg.get("rope_theta", 10000.0)
        inv = 1.0 / (theta ** (torch.arange(0, self.d, 2, dtype=torch.float32) / self.d))
        freqs = torch.outer(torch.arange(cfg["max_position_embeddings"], dtype=torch.float32), inv)
        emb = torch.cat((freqs, freqs), dim=-1)
        self.cos, self.sin = emb.cos().to(device, dtype), emb.sin().to(device, dtype)

    def norm(self, x, weight):
        """RMSNorm in fp32, as the studio and Hugging Face compute it."""
        wide = x.float()
        return (wide * torch.rsqrt(wide.pow(2).mean(-1, keepdim=True) + self.eps)).to(self.dtype) * weight

    @staticmethod
    def rotate_half(x):
        half = x.shape[-1] // 2
        return torch.cat((-x[..., half:], x[..., :half]), dim=-1)

    def forward(self, ids, cache, start):
        """ids [B, T]; cache: per layer (k, v) [B, KV, cap, D]; returns logits of the last position [B, V]."""
        w = self.w
        b, t = ids.shape
        x = w["model.embed_tokens.weight"][ids]
        cos = self.cos[start:start + t].view(1, t, 1, self.d)
        sin = self.sin[start:start + t].view(1, t, 1, self.d)
        length = start + t
        mask = None
        if t > 1:
            mask = torch.full((t, length), float("-inf"), device=self.device).triu(start + 1).to(self.dtype)
        g = self.heads // self.kv
        for i in range(self.layers):
            p = "model.layers.%d." % i
            hs = self.norm(x, w[p + "input_layernorm.weight"])
            q = F.linear(hs, w[p + "self_attn.q_proj.weight"]).view(b, t, self.heads, self.d)
            k = F.linear(hs, w[p + "self_attn.k_proj.weight"]).view(b, t, self.kv, self.d)
            v = F.linear(hs, w[p + "self_attn.v_proj.weight"]).view(b, t, self.kv, self.d)
            q = q * cos + self.rotate_half(q) * sin
            k = (k * cos + self.rotate_half(k) * sin).transpose(1, 2)
            v = v.transpose(1, 2)
            kc, vc = cache[i]
            kc[:, :, start:length] = k
            vc[:, :, start:length] = v
            keys = k if start == 0 else kc[:b, :, :length]
            values = v if start == 0 else vc[:b, :, :length]
            qh = q.transpose(1, 2).reshape(b, self.kv, g * t, self.d)
            scores = qh @ keys.transpose(2, 3) / math.sqrt(self.d)
            if mask is not None:
                scores = scores + mask.repeat(g, 1)
            attn = (torch.softmax(scores.float(), dim=-1).to(self.dtype) @ values).reshape(b, self.heads, t, self.d)
            attn = attn.transpose(1, 2).reshape(b, t, self.h)
            x = x + F.linear(attn, w[p + "self_attn.o_proj.weight"])
            hs = self.norm(x, w[p + "post_attention_layernorm.weight"])
            x = x + F.linear(F.silu(F.linear(hs, w[p + "mlp.gate_proj.weight"]))
                             * F.linear(hs, w[p + "mlp.up_proj.weight"]), w[p + "mlp.down_proj.weight"])
        x = self.norm(x[:, -1], w["model.norm.weight"])
        return F.linear(x, w["lm_head.weight"])

    def new_cache(self, batch, capacity):
        shape = (batch, self.kv, capacity, self.d)
        return [(torch.zeros(shape, device=self.device, dtype=self.dtype),
                 torch.zeros(shape, device=self.device, dtype=self.dtype)) for _ in range(self.layers)]

    def sync(self):
        if self.device != "cpu":
            torch.cuda.synchronize()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--prompt-tokens", type=int, default=32)
    ap.add_argument("--decode-steps", type=int, default=16)
    ap.add_argument("--batch", default="1,4")
    ap.add_argument("--long-prompt", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--dtype", default="fp32", choices=["fp32", "fp16"])
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    started = time.perf_counter()
    cfg, w = load(args.model)
    model = Model(cfg, w, args.device, torch.float16 if args.dtype == "fp16" else torch.float32)
    del w
    model.sync()
    load_ms = (time.perf_counter() - started) * 1000
    vocab = cfg["vocab_size"]
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "device": args.device,
           "dtype": args.dtype, "load_ms": load_ms, "decode": []}
    with torch.inference_mode():
        prompt = torch.randint(3, vocab, (1, args.prompt_tokens), device=args.device)
        for n in [int(v) for v in args.batch.split(",")]:
            cache = model.new_cache(n, args.prompt_tokens + args.decode_steps + 1)
            logits = model.forward(prompt, cache, 0)
            nxt = logits.argmax(-1).view(1, 1).repeat(n, 1)
            pos = args.prompt_tokens
            model.forward(nxt, cache, pos)  # warm-up step
            model.sync()
            started = time.perf_counter()
            for s in range(args.decode_steps):
                logits = model.forward(nxt, cache, pos + s)
                nxt = logits.argmax(-1).view(n, 1)
            model.sync()
            per_step = (time.perf_counter() - started) * 1000 / args.decode_steps
            out["decode"].append({"candidates": n, "ms_per_step": per_step, "steps_per_second": 1000 / per_step})
            del cache
        if args.long_prompt > 0:
            cache = model.new_cache(1, args.long_prompt + 1)
            ids = torch.randint(3, vocab, (1, args.long_prompt), device=args.device)
            chunk = args.long_prompt if args.device == "cuda" else 512  # the studio prefills in one pass
            model.sync()
            started = time.perf_counter()
            for start in range(0, args.long_prompt, chunk):
                model.forward(ids[:, start:start + chunk], cache, start)
            model.sync()
            out["time_to_first_token_ms"] = (time.perf_counter() - started) * 1000
            out["long_prompt_tokens"] = args.long_prompt
    print(json.dumps(out))


if __name__ == "__main__":
    main()
