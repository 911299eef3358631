#!/usr/bin/env python3
"""Synthetic racecheck facts for timing `racecheck --merge` at scale (docs/scaling.md).

    synthetic_facts.py --racecheck build/tool/racecheck --units 10000 --shards 8 --out DIR

writes DIR/racecheck-facts-I-of-N.facts as `racecheck --shard I/N --facts-out DIR` would for a
C codebase of that many units, generated, not parsed. The header (racecheck's identity, the
settings, each unit's settings hash) is taken from a real shard run of the given racecheck on a
one-line file, so its --merge accepts the files.

Units form components of --component units (a library, a service), as real code does: each unit
defines --functions functions; each function makes --accesses reads or writes of globals drawn
from its component's pool of 2 per unit (each global always under its one of 64 global mutexes,
except one global in --racy-every, never locked: the findings, a few per component) and
--calls calls of functions of other units of its component; one function in --start-every
units starts a thread (in a loop) running a random function of its component. (Calls drawn from
the whole program instead make every thread reach every function, which no real codebase does
and which makes the model's work grow with the square of the units.) No unit has a summary (model/Summaries.h) for another to
look up, so the merge parses nothing: what is timed is reading the facts, checking the units'
sources (one line each, written under --root) against the shards' hashes, the whole-program
model, the rules and the report.
"""
import argparse
import hashlib
import json
import os
import random
import struct
import subprocess
import tempfile


def pack(value, out):
    """Appends value as MessagePack (the subset facts use) to the bytearray out.

    Dicts keep their order: racecheck reads a struct's fields in the order of
    tool/model/FactsFields.h, so the dicts below list them in that order."""
    if isinstance(value, bool):
        out += b"\xc3" if value else b"\xc2"
    elif isinstance(value, int):
        if 0 <= value < 128:
            out += bytes([value])
        elif 0 <= value < 1 << 32:
            out += b"\xce" + struct.pack(">I", value)
        else:
            out += b"\xd3" + struct.pack(">q", value)
    elif isinstance(value, str):
        data = value.encode()
        out += (bytes([0xa0 | len(data)]) if len(data) < 32 else
                b"\xd9" + bytes([len(data)]) if len(data) < 256 else
                b"\xdb" + struct.pack(">I", len(data))) + data
    elif isinstance(value, bytes):
        out += b"\xc6" + struct.pack(">I", len(value)) + value
    elif isinstance(value, (list, dict)):
        n = len(value)
        if n < 16:
            out += bytes([(0x90 if isinstance(value, list) else 0x80) | n])
        else:
            out += (b"\xdd" if isinstance(value, list) else b"\xdf") + struct.pack(">I", n)
        for item in (value if isinstance(value, list) else value.items()):
            if isinstance(value, dict):
                pack(item[0], out)
                item = item[1]
            pack(item, out)
    else:
        raise TypeError(type(value))
    return out


def template(racecheck, root):
    """The header and a unit's settings hash from a one-unit shard run of racecheck."""
    os.makedirs(os.path.join(root, "src"), exist_ok=True)
    probe = os.path.join(root, "src", "probe.c")
    with open(probe, "w") as f:
        f.write("int probe;\n")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([racecheck, "--quiet", "--shard", "0/1", "--facts-out", out, probe, "--"],
                       check=True)
        with open(os.path.join(out, "racecheck-facts-0-of-1.facts"), "rb") as f:
            header = json.loads(f.readline())
        # Every unit's settings hash: that of the probe (racecheck's own defaults).
        with open(os.path.join(out, "racecheck-facts-0-of-1.facts"), "rb") as f:
            rest = f.read().split(b"\n", 1)[1]
        config = config_of(rest)
    os.remove(probe)
    return header, config


def config_of(record):
    """The settings hash in a unit record [index, file, config, facts] racecheck wrote."""
    at = 1  # past the array's length byte (fixarray of 4)
    for _ in range(2):  # index, file
        at = skip(record, at)
    n, at = str_length(record, at)
    return record[at:at + n].decode()


def str_length(data, at):
    tag = data[at]
    if 0xa0 <= tag <= 0xbf:
        return tag - 0xa0, at + 1
    if tag == 0xd9:
        return data[at + 1], at + 2
    if tag == 0xda:
        return struct.unpack(">H", data[at + 1:at + 3])[0], at + 3
    return struct.unpack(">I", data[at + 1:at + 5])[0], at + 5


def skip(data, at):
    """Past the integer or string at data[at] (what a unit record starts with)."""
    tag = data[at]
    if tag < 0x80:
        return at + 1
    if tag in (0xcc, 0xcd, 0xce, 0xcf):
        return at + 1 + {0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8}[tag]
    n, at = str_length(data, at)
    return at + n


def pos(file, line):
    return {"File": file, "Line": line, "Column": 5}


def unit(i, args, rng, root):
    file = os.path.join(root, "src", "u%d.c" % i)
    first = i - i % args.component  # the component's units: first .. first + size - 1
    size = min(args.component, args.units - first)
    functions = []
    for j in range(args.functions):
        accesses, calls, starts = [], [], []
        line = 100 * j + 1
        for _ in range(args.accesses):
            g = 2 * first + rng.randrange(2 * size)
            locks = []
            if g % args.racy_every != 0:
                m = "m%d" % (g % 64)
                locks = [{"Mutex": "g:" + m, "Name": m, "Epoch": 1, "Coarse": "g:" + m, "Path": "",
                          "Exact": True}]
            line += 1
            accesses.append({"Var": "g%d" % g, "VarName": "g%d" % g,
                             "Kind": rng.choice(["read", "write"]) == "write", "Pos": pos(file, line),
                             "Locks": locks, "Path": "g:g%d" % g})  # Kind: true for a write
        for _ in range(args.calls):
            line += 1
            calls.append({"Callee": "c:@F@u%d_f%d" % (first + rng.randrange(size),
                                                     rng.randrange(args.functions)),
                          "Pos": pos(file, line)})
        if j == 0 and i % args.start_every == 0:
            line += 1
            entry = "u%d_f%d" % (first + rng.randrange(size), rng.randrange(args.functions))
            starts.append({"Id": 0, "Entry": "c:@F@" + entry, "EntryName": entry,
                           "Api": "pthread_create", "Pos": pos(file, line), "Repeated": True})
        name = "u%d_f%d" % (i, j)
        functions.append({"Key": "c:@F@" + name, "Name": name, "Pos": pos(file, 100 * j),
                          "Type": "void (void)", "Accesses": accesses, "Calls": calls,
                          "Starts": starts})
    return file, {"File": file, "Functions": functions}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--racecheck", required=True)
    p.add_argument("--units", type=int, required=True)
    p.add_argument("--shards", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--root", help="where the units' one-line sources are written (default: OUT/tree)")
    p.add_argument("--functions", type=int, default=8)
    p.add_argument("--accesses", type=int, default=6)
    p.add_argument("--calls", type=int, default=2)
    p.add_argument("--start-every", type=int, default=100)
    p.add_argument("--component", type=int, default=100)
    p.add_argument("--racy-every", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    root = os.path.abspath(args.root or os.path.join(args.out, "tree"))
    header, config = template(args.racecheck, root)
    rng = random.Random(args.seed)
    files = [os.path.join(root, "src", "u%d.c" % i) for i in range(args.units)]
    # As racecheck's shardUnits: contiguous ranks of the files sorted by path.
    ranked = sorted(range(args.units), key=lambda i: files[i])
    shard_of = {i: rank * args.shards // args.units for rank, i in enumerate(ranked)}
    header.update(shards=args.shards, units=args.units,
                  files=hashlib.sha1("".join(f + "\n" for f in files).encode()).hexdigest())
    # Each unit's source, one line, so the merge can check it as it checks a real shard's
    # sources: a shard's header lists the files its units read with a hash of each.
    sources = [{} for _ in range(args.shards)]
    for i, f in enumerate(files):
        text = ("/* unit %d: its facts are generated */\n" % i).encode()
        with open(f, "wb") as out:
            out.write(text)
        sources[shard_of[i]][f] = hashlib.sha1(text).hexdigest()
    os.makedirs(args.out, exist_ok=True)
    outs = []
    for s in range(args.shards):
        f = open(os.path.join(args.out, "racecheck-facts-%d-of-%d.facts" % (s, args.shards)), "wb")
        f.write(json.dumps(dict(header, shard=s, sources=sources[s]),
                           separators=(",", ":")).encode() + b"\n")
        outs.append(f)
    for i in range(args.units):
        file, facts = unit(i, args, rng, root)
        # A unit record: [index, file, settings hash, the facts' MessagePack as bytes].
        record = [i, file, config, bytes(pack(facts, bytearray()))]
        outs[shard_of[i]].write(pack(record, bytearray()))
    for f in outs:
        f.close()


if __name__ == "__main__":
    main()
