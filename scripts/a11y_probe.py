#!/usr/bin/python3
"""Reads the running game's accessibility tree through AT-SPI, as a screen reader does.

Finds the game among the desktop's applications, writes its tree (role, name, states, actions)
to OUT, checks that the passage and the choices are exposed, activates a choice through the
AT-SPI Action interface, and checks that the story moved on (the passage changed).

Usage: a11y_probe.py OUT [--timeout SECONDS] [--choice N]
Exit status: 0 when all checks pass, 1 otherwise (with the reason on stderr).
Run by scripts/a11y.sh inside a D-Bus session with the AT-SPI registry; see that script.
"""

import argparse
import sys
import time

import pyatspi
from gi.repository import GLib


def settled(read, deadline):
    """`read()`, again until no node vanishes under it: the game rebuilds its tree as the
    passage reveals, so a node listed a moment ago can be gone when it is asked its role."""
    while True:
        try:
            return read()
        except GLib.GError as e:
            if time.time() >= deadline:
                raise
            print(f"a11y: the tree changed while being read ({e.message}); reading again")
            time.sleep(0.2)


def find_app(name, deadline):
    """The application whose name starts with `name`, waiting until `deadline`."""
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and (app.name or "").lower().startswith(name):
                if app.childCount > 0:
                    return app
        time.sleep(0.5)
    return None


def walk(node, depth=0, limit=5000):
    """(depth, accessible) for `node` and every descendant, depth first, in reading order."""
    out = []
    stack = [(node, depth)]
    while stack and len(out) < limit:
        n, d = stack.pop()
        if n is None:
            continue
        out.append((d, n))
        kids = [n.getChildAtIndex(i) for i in range(n.childCount)]
        stack.extend((k, d + 1) for k in reversed(kids))
    return out


def states(n):
    s = n.getState()
    names = []
    for st, label in [
        (pyatspi.STATE_FOCUSABLE, "focusable"),
        (pyatspi.STATE_FOCUSED, "focused"),
        (pyatspi.STATE_SENSITIVE, "sensitive"),
        (pyatspi.STATE_ENABLED, "enabled"),
    ]:
        if s.contains(st):
            names.append(label)
    return names


def text_of(n):
    """What a screen reader reads for `n`: its name, else its text content."""
    if n.name:
        return n.name
    try:
        t = n.queryText()
        return t.getText(0, t.characterCount)
    except NotImplementedError:
        return ""


def actions(n):
    try:
        a = n.queryAction()
        return [a.getName(i) for i in range(a.nActions)]
    except NotImplementedError:
        return []


def dump(app):
    lines = []
    for d, n in walk(app):
        role = n.getRoleName()
        desc = n.description or ""
        line = "  " * d + f"[{role}] {text_of(n)!r}"
        if desc:
            line += f" description={desc!r}"
        st = states(n)
        if st:
            line += " {" + ",".join(st) + "}"
        act = actions(n)
        if act:
            line += " actions=" + ",".join(act)
        lines.append(line)
    return lines


def buttons(app):
    return [n for _, n in walk(app) if n.getRoleName() in ("push button", "button")]


def labels(app):
    return [
        text_of(n)
        for _, n in walk(app)
        if n.getRoleName() in ("label", "static", "text", "paragraph") and text_of(n)
    ]


def choice_buttons(app):
    """The choices: buttons whose name starts with a number and a dot ("1. ...")."""
    out = []
    for b in buttons(app):
        name = text_of(b).strip()
        head = name.split(".", 1)[0].strip()
        if head.isdigit() and "." in name:
            out.append(b)
    return out


def passage(app):
    """The longest texts on screen: the passage's paragraphs."""
    return sorted((t for t in labels(app) if len(t) > 80), key=len, reverse=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--timeout", type=float, default=90)
    ap.add_argument("--choice", type=int, default=1)
    args = ap.parse_args()
    deadline = time.time() + args.timeout

    app = find_app("aftermath", deadline)
    if app is None:
        names = []
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            c = desktop.getChildAtIndex(i)
            names.append(c.name if c is not None else None)
        print(f"a11y: the game never showed up on the AT-SPI bus; apps: {names}", file=sys.stderr)
        return 1

    # Wait for the passage and its choices (the text reveals over time; choices come after).
    choices = []
    while time.time() < deadline:
        choices, shown = settled(
            lambda: (
                [b for b in choice_buttons(app) if b.getState().contains(pyatspi.STATE_ENABLED)],
                passage(app),
            ),
            deadline,
        )
        if choices and shown:
            break
        time.sleep(0.5)
    before = settled(lambda: dump(app), deadline)
    first_passage = settled(lambda: passage(app), deadline)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# The game's accessibility tree as AT-SPI shows it (scripts/a11y.sh)\n")
        f.write("# [role] 'name' {states} actions=...\n\n")
        f.write("\n".join(before) + "\n")
    print(f"a11y: tree of {len(before)} nodes written to {args.out}")
    if not first_passage:
        print("a11y: no passage text in the tree", file=sys.stderr)
        return 1
    print(f"a11y: passage ({len(first_passage[0])} chars): {first_passage[0][:100]!r}...")
    if not choices:
        print("a11y: no enabled choice buttons in the tree", file=sys.stderr)
        return 1
    for line in settled(
        lambda: [f"a11y: choice {text_of(b)!r} actions={actions(b)} {states(b)}" for b in choice_buttons(app)],
        deadline,
    ):
        print(line)

    def activate():
        # The buttons as they are now: the ones found earlier may have been rebuilt since.
        now = [b for b in choice_buttons(app) if b.getState().contains(pyatspi.STATE_ENABLED)]
        if not now:
            return None
        target = now[min(args.choice, len(now)) - 1]
        name = text_of(target)
        act = target.queryAction()
        print(f"a11y: activating {name!r} through AT-SPI ({act.getName(0)})")
        act.doAction(0)
        return name

    name = None
    while name is None and time.time() < deadline:
        name = settled(activate, deadline)
        if name is None:
            time.sleep(0.2)
    if name is None:
        print("a11y: the choice buttons went away before one could be activated", file=sys.stderr)
        return 1

    while time.time() < deadline:
        now = settled(lambda: passage(app), deadline)
        if now and now != first_passage:
            print(f"a11y: the story moved on; new passage: {now[0][:100]!r}...")
            tree = settled(lambda: dump(app), deadline)
            with open(args.out, "a", encoding="utf-8") as f:
                f.write(f"\n# After activating {name!r}:\n\n")
                f.write("\n".join(tree) + "\n")
            return 0
        time.sleep(0.5)
    print("a11y: the passage did not change after activating a choice", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
