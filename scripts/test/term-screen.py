#!/usr/bin/env python3
"""term-screen.py COLS FILE: the screen a terminal COLS columns wide (and tall enough never to scroll) shows after
FILE's bytes, one line each, trailing blanks and empty lines cut. A tiny VT100: printable characters with
autowrap, CR, LF, BS, CSI A B C D (moves), H (position), J and K (erase), m and other CSI ignored, OSC skipped.
Used by the e2e tests to compare what docker and jdock leave on the screen when they redraw in place."""
import re
import sys

cols = int(sys.argv[1])
data = open(sys.argv[2], 'rb').read().decode('utf-8', 'replace')
screen = [[]]
row = col = 0
wrap = False


def line(r):
    while len(screen) <= r:
        screen.append([])
    cells = screen[r]
    if len(cells) < cols:
        cells.extend(' ' * (cols - len(cells)))
    return cells


CSI = re.compile(r'\x1b\[([0-9;?]*)([@-~])')
OSC = re.compile(r'\x1b\][^\x07\x1b]*(\x07|\x1b\\)')
i = 0
while i < len(data):
    ch = data[i]
    if ch == '\x1b':
        m = CSI.match(data, i)
        if m:
            params = [int(p) if p.isdigit() else 0 for p in m.group(1).lstrip('?').split(';')] if m.group(1) else []
            n = params[0] if params and params[0] > 0 else 1
            op = m.group(2)
            if op == 'A':
                row = max(0, row - n)
            elif op == 'B':
                row += n
            elif op == 'C':
                col = min(cols - 1, col + n)
            elif op == 'D':
                col = max(0, col - n)
            elif op in 'Hf':
                row = (params[0] - 1 if params and params[0] > 0 else 0)
                col = (params[1] - 1 if len(params) > 1 and params[1] > 0 else 0)
            elif op == 'J':
                mode = params[0] if params else 0
                if mode == 0:
                    line(row)[col:] = ' ' * (cols - col)
                    del screen[row + 1:]
                elif mode in (2, 3):
                    screen[:] = [[]]
            elif op == 'K':
                mode = params[0] if params else 0
                cells = line(row)
                if mode == 0:
                    cells[col:] = ' ' * (cols - col)
                elif mode == 1:
                    cells[:col + 1] = ' ' * (col + 1)
                else:
                    cells[:] = ' ' * cols
            if op != 'm':
                wrap = False
            i = m.end()
            continue
        m = OSC.match(data, i)
        i = m.end() if m else i + 2
        continue
    if ch == '\r':
        col, wrap = 0, False
    elif ch == '\n':
        row, wrap = row + 1, False
    elif ch == '\b':
        col, wrap = max(0, col - 1), False
    elif ch >= ' ':
        if wrap:
            row, col, wrap = row + 1, 0, False
        line(row)[col] = ch
        if col == cols - 1:
            wrap = True
        else:
            col += 1
    i += 1

out = [''.join(r).rstrip() for r in screen]
while out and not out[-1]:
    out.pop()
print('\n'.join(out))
