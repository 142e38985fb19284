#!/usr/bin/env python3
"""Draw the six maps of the story "After Kursk" into story/after-kursk/maps/.

Data: Natural Earth Admin 0 countries, version 4.1.0 (public domain), as TopoJSON from the npm
package world-atlas 2.0.2. City positions, the schematic route and all labels are written in this
file by hand. Nothing is fetched at run time.

How to run (from the repository root; see story/after-kursk/maps/README.md):

    npm install --prefix /tmp/mapdata world-atlas@2.0.2
    python3 -m venv /tmp/mapenv
    /tmp/mapenv/bin/pip install matplotlib==3.11.2 numpy==2.4.6 pillow==13.0.0
    /tmp/mapenv/bin/python scripts/maps.py --atlas /tmp/mapdata/node_modules/world-atlas

Options: --out DIR (default story/after-kursk/maps), --only NAME (one map, e.g. kursk).
The output is deterministic: the same data and library versions give the same bytes.
"""

import argparse
import io
import json
import math
import os
import sys

import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from PIL import Image  # noqa: E402

R_EARTH = 6371.0
W_PX, H_PX, DPI = 1200, 800, 100

# Colours: chosen to stay apart in greyscale (luminance in brackets).
SEA = "#cfdce5"        # (0.85) sea and lakes outside the land data
LAND = "#f4f1ea"       # (0.95) other countries
RUSSIA = "#d3c8b1"     # (0.79) Russia where it is not the subject's highlight
UKRAINE = "#f0ebdf"    # (0.92)
HIGHLIGHT = "#a8987b"  # (0.61) the countries a map is about
HIGHLIGHT2 = "#c7bca3" # (0.75) a second group, also hatched
NORTHKOREA = "#a8987b"
HATCH = "#5f5646"
BORDER = "#4a4a4a"
COAST = "#6d7f8c"
GRAT = "#8fa0ab"
TEXT = "#1e1e1e"
SOFT = "#4b4b4b"
WATER_TEXT = "#4d6878"

CREDIT = ("Data: Natural Earth {res} Admin 0 countries v4.1.0 (public domain), via npm world-atlas 2.0.2."
          " Cities, labels{extra} added by hand. Drawn by scripts/maps.py.")


# ----------------------------------------------------------------------------- projections

class LAEA:
    """Lambert azimuthal equal-area on a sphere, centred on (lon0, lat0); km."""

    def __init__(self, lon0, lat0):
        self.lon0, self.lat0 = lon0, lat0
        self.p0 = math.radians(lat0)

    def dlon(self, lon):
        return (np.asarray(lon, float) - self.lon0 + 180.0) % 360.0 - 180.0

    def fwd(self, lon, lat):
        lam = np.radians(self.dlon(lon))
        phi = np.radians(np.asarray(lat, float))
        c = 1.0 + math.sin(self.p0) * np.sin(phi) + math.cos(self.p0) * np.cos(phi) * np.cos(lam)
        k = np.sqrt(2.0 / np.maximum(c, 1e-9))
        x = R_EARTH * k * np.cos(phi) * np.sin(lam)
        y = R_EARTH * k * (math.cos(self.p0) * np.sin(phi) - math.sin(self.p0) * np.cos(phi) * np.cos(lam))
        return x, y


class LCC:
    """Lambert conformal conic on a sphere; origin (lon0, lat0), standard parallels lat1, lat2; km."""

    def __init__(self, lon0, lat0, lat1, lat2):
        self.lon0 = lon0
        p1, p2, p0 = (math.radians(v) for v in (lat1, lat2, lat0))
        t = lambda p: math.tan(math.pi / 4 + p / 2)  # noqa: E731
        if abs(lat1 - lat2) < 1e-9:
            self.n = math.sin(p1)
        else:
            self.n = math.log(math.cos(p1) / math.cos(p2)) / math.log(t(p2) / t(p1))
        self.F = math.cos(p1) * t(p1) ** self.n / self.n
        self.rho0 = R_EARTH * self.F / t(p0) ** self.n

    def dlon(self, lon):
        return (np.asarray(lon, float) - self.lon0 + 180.0) % 360.0 - 180.0

    def fwd(self, lon, lat):
        lam = np.radians(self.dlon(lon))
        phi = np.clip(np.radians(np.asarray(lat, float)), -1.55, 1.55)
        rho = R_EARTH * self.F / np.tan(math.pi / 4 + phi / 2) ** self.n
        th = self.n * lam
        return rho * np.sin(th), self.rho0 - rho * np.cos(th)


def destination(lon, lat, bearing_deg, dist_km):
    """Point reached from (lon, lat) along a great circle (sphere)."""
    p1, l1, b = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    d = dist_km / R_EARTH
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(l2), math.degrees(p2)


# ----------------------------------------------------------------------------- TopoJSON

class Atlas:
    """Countries of one world-atlas TopoJSON file, decoded to lon/lat arrays."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            topo = json.load(f)
        sx, sy = topo["transform"]["scale"]
        tx, ty = topo["transform"]["translate"]
        self.arcs = []
        for arc in topo["arcs"]:
            a = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0).astype(float)
            a[:, 0] = a[:, 0] * sx + tx
            a[:, 1] = a[:, 1] * sy + ty
            self.arcs.append(a)
        self.features = []  # dicts: name, rings (exteriors, lon/lat arrays), arcs (indices used)
        owners = [[] for _ in self.arcs]
        for g in topo["objects"]["countries"]["geometries"]:
            if g["type"] == "Polygon":
                polys = [g["arcs"]]
            elif g["type"] == "MultiPolygon":
                polys = g["arcs"]
            else:
                continue
            name = g["properties"]["name"]
            feat = {"name": name, "polys": []}
            for poly in polys:
                ids = poly[0]  # exterior ring only: enclaves are drawn after their hosts
                feat["polys"].append((self._ring(ids), ids))
            self.features.append(feat)
        # Crimea: Natural Earth 4.1.0 puts it inside Russia's polygons (de facto control). It is
        # split out here as its own feature so maps can show it as Ukrainian territory under
        # Russian occupation.
        for feat in self.features:
            if feat["name"] != "Russia":
                continue
            keep = []
            for ring, ids in feat["polys"]:
                if Path(ring).contains_point((34.10, 44.95)):  # Simferopol
                    self.features.append({"name": "Crimea", "polys": [(ring, ids)]})
                else:
                    keep.append((ring, ids))
            feat["polys"] = keep
        for fi, feat in enumerate(self.features):
            for _, ids in feat["polys"]:
                for i in ids:
                    owners[i if i >= 0 else ~i].append(fi)
        self.owners = [sorted(set(o)) for o in owners]
        # area in degrees squared (for draw order: large countries first, enclaves last)
        for feat in self.features:
            area = 0.0
            for ring, _ in feat["polys"]:
                x, y = ring[:, 0], ring[:, 1]
                area += abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))) / 2
            feat["area"] = area

    def _ring(self, ids):
        parts = []
        for i in ids:
            a = self.arcs[i] if i >= 0 else self.arcs[~i][::-1]
            parts.append(a if not parts else a[1:])
        return np.concatenate(parts)

    def arc_kind(self, i):
        names = sorted(self.features[fi]["name"] for fi in self.owners[i])
        if len(names) <= 1:
            return "coast"
        if names == ["Crimea", "Ukraine"]:
            return "crimea"
        return "border"


# ----------------------------------------------------------------------------- drawing helpers

def halo(width=3.0, color="white"):
    return [patheffects.withStroke(linewidth=width, foreground=color)]


def fmt_lon(v):
    v = (v + 180) % 360 - 180
    return f"{abs(v):g}°{'E' if v >= 0 else 'W'}" if v not in (0, -180) else ("0°" if v == 0 else "180°")


def fmt_lat(v):
    return f"{abs(v):g}°{'N' if v >= 0 else 'S'}" if v else "0°"


class MapDrawer:
    def __init__(self, spec, atlas):
        self.spec = spec
        self.atlas = atlas
        self.proj = spec["proj"]
        self.fig = plt.figure(figsize=(W_PX / DPI, H_PX / DPI), dpi=DPI)
        self.fig.patch.set_facecolor("white")
        # map frame in figure fractions: title band above, credit line below
        left, bottom, width, height = 0.012, 0.045, 0.976, 0.860
        self.ax = self.fig.add_axes([left, bottom, width, height])
        aspect = (height * H_PX) / (width * W_PX)
        w = spec["width_km"]
        h = w * aspect
        cx, cy = spec.get("offset_km", (0.0, 0.0))
        self.x0, self.x1, self.y0, self.y1 = cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2
        ax = self.ax
        ax.set_xlim(self.x0, self.x1)
        ax.set_ylim(self.y0, self.y1)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(SEA)
        for s in ax.spines.values():
            s.set_edgecolor("#333333")
            s.set_linewidth(1.0)
        self.lonmin, self.lonmax, self.latmin, self.latmax = spec["geobox"]

    # which rings or arcs to project: inside the geobox, and not across the projection's seam
    def _usable(self, ll):
        lon, lat = ll[:, 0], ll[:, 1]
        if lat.max() < self.latmin or lat.min() > self.latmax:
            return False
        d = self.proj.dlon(lon)
        if d.max() - d.min() > 180:
            return False
        lo, hi = self.proj.dlon(self.lonmin), self.proj.dlon(self.lonmax)
        if lo < hi and (d.max() < lo or d.min() > hi):
            return False
        return True

    def xy(self, lon, lat):
        return self.proj.fwd(lon, lat)

    def fills(self):
        styles = self.spec.get("fills", {})
        feats = sorted(self.atlas.features, key=lambda f: -f["area"])
        for feat in feats:
            st = styles.get(feat["name"])
            if st is None and feat["name"] == "Crimea":
                st = styles.get("Ukraine")
            st = st or {}
            face = st.get("face", LAND)
            hatch = st.get("hatch")
            for ring, _ in feat["polys"]:
                if not self._usable(ring):
                    continue
                x, y = self.xy(ring[:, 0], ring[:, 1])
                path = Path(np.column_stack([x, y]), closed=False)
                if hatch:
                    p = PathPatch(path, facecolor=face, edgecolor=st.get("hatch_color", HATCH),
                                  linewidth=0, hatch=hatch, zorder=1)
                else:
                    p = PathPatch(path, facecolor=face, edgecolor="none", linewidth=0, zorder=1)
                self.ax.add_patch(p)

    def lines(self):
        crimea_label = False
        for i, arc in enumerate(self.atlas.arcs):
            if not self._usable(arc):
                continue
            kind = self.atlas.arc_kind(i)
            x, y = self.xy(arc[:, 0], arc[:, 1])
            if kind == "coast":
                self.ax.plot(x, y, color=COAST, lw=0.6, zorder=3, solid_joinstyle="round")
            elif kind == "crimea":
                self.ax.plot(x, y, color=BORDER, lw=1.1, ls=(0, (3, 2)), zorder=4)
                crimea_label = True
            else:
                self.ax.plot(x, y, color="white", lw=2.6, zorder=3.5, solid_capstyle="round")
                self.ax.plot(x, y, color=BORDER, lw=1.0, zorder=4, solid_capstyle="round")
        return crimea_label

    def graticule(self):
        step = self.spec.get("grid", 5)
        lons = np.arange(math.floor(self.lonmin / step) * step, self.lonmax + step, step)
        lats = np.arange(math.floor(self.latmin / step) * step, self.latmax + step, step)
        lats = lats[(lats > -89) & (lats < 89)]
        fine_lat = np.linspace(max(self.latmin, -85), min(self.latmax, 85), 400)
        fine_lon = np.linspace(self.lonmin, self.lonmax, 800)
        labels = []
        for lon in lons:
            x, y = self.xy(np.full_like(fine_lat, lon), fine_lat)
            self.ax.plot(x, y, color=GRAT, lw=0.5, zorder=2, alpha=0.9)
            # label where the meridian crosses the bottom edge
            s = np.sign(y - self.y0)
            idx = np.nonzero(np.diff(s) != 0)[0]
            for j in idx[:1]:
                t = (self.y0 - y[j]) / (y[j + 1] - y[j])
                xc = x[j] + t * (x[j + 1] - x[j])
                if self.x0 + 0.04 * (self.x1 - self.x0) < xc < self.x1 - 0.03 * (self.x1 - self.x0):
                    labels.append((xc, self.y0, fmt_lon(lon), "bottom"))
        for lat in lats:
            x, y = self.xy(fine_lon, np.full_like(fine_lon, lat))
            self.ax.plot(x, y, color=GRAT, lw=0.5, zorder=2, alpha=0.9)
            s = np.sign(x - self.x0)
            idx = np.nonzero(np.diff(s) != 0)[0]
            for j in idx[:1]:
                t = (self.x0 - x[j]) / (x[j + 1] - x[j])
                yc = y[j] + t * (y[j + 1] - y[j])
                if self.y0 + 0.22 * (self.y1 - self.y0) < yc < self.y1 - 0.04 * (self.y1 - self.y0):
                    labels.append((self.x0, yc, fmt_lat(lat), "left"))
        for x, y, text, where in labels:
            if where == "bottom":
                self.ax.text(x, y + 0.008 * (self.y1 - self.y0), text, ha="center", va="bottom",
                             fontsize=8.5, color=SOFT, zorder=8, path_effects=halo(2.5))
            else:
                self.ax.text(x + 0.005 * (self.x1 - self.x0), y, text, ha="left", va="center",
                             fontsize=8.5, color=SOFT, zorder=8, path_effects=halo(2.5))

    def scalebar(self):
        km = self.spec["scale_km"]
        lon0, lat0 = self.spec["scale_at"]
        lon1, lat1 = destination(lon0, lat0, 90.0, km)
        xa, ya = self.xy(lon0, lat0)
        xb, yb = self.xy(lon1, lat1)
        length = float(math.hypot(xb - xa, yb - ya))
        w, h = self.x1 - self.x0, self.y1 - self.y0
        bx, by = self.x0 + 0.025 * w, self.y0 + 0.06 * h
        if self.spec.get("scale_pos") == "right":
            bx = self.x1 - 0.025 * w - length - 0.045 * w
        bh = 0.012 * h
        self.ax.add_patch(Rectangle((bx - 0.012 * w, by - 0.035 * h), length + 0.04 * w + 0.03 * w, 0.105 * h,
                                    facecolor="white", edgecolor="#777777", lw=0.6, alpha=0.92, zorder=9))
        for k in range(4):
            self.ax.add_patch(Rectangle((bx + k * length / 4, by), length / 4, bh,
                                        facecolor=TEXT if k % 2 == 0 else "white", edgecolor=TEXT,
                                        lw=0.8, zorder=10))
        for frac, txt in ((0, "0"), (0.5, f"{km // 2:g}"), (1, f"{km:g} km")):
            self.ax.text(bx + frac * length, by + bh + 0.008 * h, txt, ha="center", va="bottom",
                         fontsize=9, color=TEXT, zorder=10)
        note = self.spec.get("scale_note", "scale true near the centre")
        self.ax.text(bx, by - 0.012 * h, note, ha="left", va="top", fontsize=7.5, color=SOFT, zorder=10)

    def to_data(self, fx, fy):
        return self.x0 + fx * (self.x1 - self.x0), self.y0 + fy * (self.y1 - self.y0)

    def labels(self):
        ax = self.ax
        for lab in self.spec.get("countries", []):
            text, lon, lat = lab[0], lab[1], lab[2]
            opts = lab[3] if len(lab) > 3 else {}
            x, y = self.xy(lon, lat)
            kw = dict(ha="center", va="center", fontsize=opts.get("size", 12), color=opts.get("color", TEXT),
                      weight=opts.get("weight", "bold"), zorder=12, rotation=opts.get("rot", 0),
                      path_effects=halo(opts.get("halo", 3.2)), clip_on=True)
            if "style" in opts:
                kw["style"] = opts["style"]
            if "ls" in opts:
                kw["linespacing"] = opts["ls"]
            if "leader" in opts:
                llon, llat = opts["leader"]
                tx, ty = self.xy(llon, llat)
                ax.annotate(text, xy=(tx, ty), xytext=(x, y),
                            arrowprops=dict(arrowstyle="-", color=SOFT, lw=0.8, shrinkA=2, shrinkB=1),
                            **kw)
            else:
                ax.text(x, y, text, **kw)
        for lab in self.spec.get("water", []):
            text, lon, lat = lab[0], lab[1], lab[2]
            opts = lab[3] if len(lab) > 3 else {}
            x, y = self.xy(lon, lat)
            ax.text(x, y, text, ha="center", va="center", fontsize=opts.get("size", 10.5), color=WATER_TEXT,
                    style="italic", zorder=11, rotation=opts.get("rot", 0), linespacing=1.1,
                    path_effects=halo(2.5, SEA), clip_on=True)
        offsets = {"r": (7, 0, "left", "center"), "l": (-7, 0, "right", "center"),
                   "t": (0, 7, "center", "bottom"), "b": (0, -7, "center", "top"),
                   "tr": (5, 5, "left", "bottom"), "tl": (-5, 5, "right", "bottom"),
                   "br": (5, -5, "left", "top"), "bl": (-5, -5, "right", "top")}
        for c in self.spec.get("cities", []):
            name, lon, lat, pos = c[0], c[1], c[2], c[3]
            opts = c[4] if len(c) > 4 else {}
            x, y = self.xy(lon, lat)
            kind = opts.get("kind", "city")
            if kind == "capital":
                ax.plot(x, y, marker="s", ms=7, mfc="white", mec=TEXT, mew=1.6, zorder=14)
                ax.plot(x, y, marker="s", ms=2.5, mfc=TEXT, mec=TEXT, zorder=15)
            elif kind == "focus":
                ax.plot(x, y, marker="o", ms=11, mfc="white", mec=TEXT, mew=1.8, zorder=14)
                ax.plot(x, y, marker="o", ms=5, mfc=TEXT, mec=TEXT, zorder=15)
            elif kind == "crossing":
                ax.plot(x, y, marker="D", ms=8, mfc="white", mec=TEXT, mew=1.8, zorder=14)
                ax.plot(x, y, marker="D", ms=3, mfc=TEXT, mec=TEXT, zorder=15)
            else:
                ax.plot(x, y, marker="o", ms=6, mfc=TEXT, mec="white", mew=1.2, zorder=14)
            dx, dy, ha, va = offsets[pos]
            if "dxy" in opts:
                dx, dy = opts["dxy"]
            ha, va = opts.get("ha", ha), opts.get("va", va)
            ax.annotate(name, xy=(x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                        fontsize=opts.get("size", 11), weight=opts.get("weight", "normal"), color=TEXT,
                        zorder=16, path_effects=halo(3.0), linespacing=1.05)

    def routes(self):
        for r in self.spec.get("routes", []):
            pts = np.asarray(r["points"], float)
            # densify along lon/lat so the line follows the projection
            lon = np.concatenate([np.linspace(pts[i, 0], pts[i + 1, 0], 20) for i in range(len(pts) - 1)])
            lat = np.concatenate([np.linspace(pts[i, 1], pts[i + 1, 1], 20) for i in range(len(pts) - 1)])
            x, y = self.xy(lon, lat)
            self.ax.plot(x, y, color="white", lw=5.5, zorder=12.5, solid_capstyle="round")
            self.ax.plot(x, y, color=TEXT, lw=2.4, ls=(0, (4, 2.2)), zorder=13, dash_capstyle="butt")

    def legend(self):
        items = self.spec.get("legend", [])
        if not items:
            return
        fx, fy = self.spec.get("legend_at", (0.985, 0.97))
        w = self.spec.get("legend_w", 0.25)
        row = 0.052
        h = row * len(items) + 0.025
        x, y = self.to_data(fx - w, fy - h)
        W, H = self.x1 - self.x0, self.y1 - self.y0
        self.ax.add_patch(Rectangle((x, y), w * W, h * H, facecolor="white", edgecolor="#777777", lw=0.6,
                                    alpha=0.94, zorder=20))
        for k, it in enumerate(items):
            cy = fy - 0.012 - row * (k + 0.5)
            sx, sy = self.to_data(fx - w + 0.012, cy)
            kind = it["kind"]
            if kind == "patch":
                pw, ph = 0.03 * W, 0.032 * H
                self.ax.add_patch(Rectangle((sx, sy - ph / 2), pw, ph, facecolor=it["face"],
                                            edgecolor=it.get("hatch_color", BORDER) if it.get("hatch") else BORDER,
                                            lw=0.8 if not it.get("hatch") else 0.8, hatch=it.get("hatch"),
                                            zorder=21))
                self.ax.add_patch(Rectangle((sx, sy - ph / 2), pw, ph, facecolor="none", edgecolor=BORDER,
                                            lw=0.8, zorder=21.5))
            elif kind == "line":
                self.ax.plot([sx, sx + 0.03 * W], [sy, sy], color=TEXT, lw=2.2, ls=it.get("ls", "-"), zorder=21)
            elif kind == "dashed":
                self.ax.plot([sx, sx + 0.03 * W], [sy, sy], color=BORDER, lw=1.1, ls=(0, (3, 2)), zorder=21)
            elif kind == "route":
                self.ax.plot([sx, sx + 0.03 * W], [sy, sy], color=TEXT, lw=2.4, ls=(0, (4, 2.2)), zorder=21)
            elif kind in ("capital", "city", "focus", "crossing"):
                mx = sx + 0.015 * W
                if kind == "capital":
                    self.ax.plot(mx, sy, marker="s", ms=7, mfc="white", mec=TEXT, mew=1.6, zorder=21)
                    self.ax.plot(mx, sy, marker="s", ms=2.5, mfc=TEXT, mec=TEXT, zorder=22)
                elif kind == "focus":
                    self.ax.plot(mx, sy, marker="o", ms=11, mfc="white", mec=TEXT, mew=1.8, zorder=21)
                    self.ax.plot(mx, sy, marker="o", ms=5, mfc=TEXT, mec=TEXT, zorder=22)
                elif kind == "crossing":
                    self.ax.plot(mx, sy, marker="D", ms=8, mfc="white", mec=TEXT, mew=1.8, zorder=21)
                    self.ax.plot(mx, sy, marker="D", ms=3, mfc=TEXT, mec=TEXT, zorder=22)
                else:
                    self.ax.plot(mx, sy, marker="o", ms=6, mfc=TEXT, mec="white", mew=1.2, zorder=21)
            tx, ty = self.to_data(fx - w + 0.055, cy)
            self.ax.text(tx, ty, it["text"], ha="left", va="center", fontsize=10, color=TEXT, zorder=22)

    def notes(self):
        for n in self.spec.get("notes", []):
            x, y = self.to_data(n["at"][0], n["at"][1])
            self.ax.text(x, y, n["text"], ha=n.get("ha", "left"), va=n.get("va", "bottom"),
                         fontsize=n.get("size", 9.5), color=TEXT, zorder=22, linespacing=1.25,
                         bbox=dict(boxstyle="square,pad=0.45", facecolor="white", edgecolor="#777777",
                                   lw=0.6, alpha=0.94))

    def titles(self):
        self.fig.text(0.012, 0.958, self.spec["title"], ha="left", va="center", fontsize=19, weight="bold",
                      color=TEXT)
        self.fig.text(0.012, 0.922, self.spec["subtitle"], ha="left", va="center", fontsize=11.5, color=SOFT)
        self.fig.text(0.012, 0.020, self.spec["credit"], ha="left", va="center", fontsize=8.5, color=SOFT)

    def draw(self):
        self.fills()
        self.graticule()
        self.lines()
        self.routes()
        self.labels()
        self.scalebar()
        self.legend()
        self.notes()
        self.titles()
        return self.fig


def save_png(fig, path):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    buf.seek(0)
    img = Image.open(buf).convert("RGB")
    # a 96-colour palette keeps the files small; the maps use a few flat colours and grey text
    pal = img.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    pal.save(path, format="PNG", optimize=True)


# ----------------------------------------------------------------------------- the six maps

def spec_kursk():
    return {
        "file": "kursk.png", "res": "10m",
        "title": "Kursk region and the Russian-Ukrainian border",
        "subtitle": "Prologue: Kursk region (Russia) and Sumy region (Ukraine), 2024-2025."
                    " Region names are placed approximately; region boundaries are not drawn.",
        "proj": LAEA(35.6, 51.35), "width_km": 760, "geobox": (25, 47, 46, 57), "grid": 2,
        "scale_km": 100, "scale_at": (35.6, 51.35),
        "fills": {"Russia": {"face": RUSSIA}, "Ukraine": {"face": UKRAINE}},
        "countries": [
            ("RUSSIA", 39.3, 51.1, {"size": 17}),
            ("UKRAINE", 32.3, 50.05, {"size": 17}),
            ("BELARUS", 30.9, 52.75, {"size": 13}),
            ("Kursk region", 36.75, 52.18, {"size": 12.5, "weight": "normal", "style": "italic"}),
            ("Sumy region", 33.55, 51.45, {"size": 12.5, "weight": "normal", "style": "italic"}),
            ("Belgorod region", 37.6, 50.9, {"size": 11.5, "weight": "normal", "style": "italic"}),
            ("Bryansk region", 33.6, 52.95, {"size": 11.5, "weight": "normal", "style": "italic"}),
            ("Kharkiv region", 36.0, 49.55, {"size": 11.5, "weight": "normal", "style": "italic"}),
        ],
        "cities": [
            ("Kursk", 36.19, 51.73, "r", {"kind": "focus", "size": 14, "weight": "bold", "dxy": (9, 0)}),
            ("Sudzha", 35.27, 51.19, "br"),
            ("Korenevo", 34.91, 51.41, "tl"),
            ("Sumy", 34.80, 50.91, "bl"),
            ("Belgorod", 36.59, 50.60, "r"),
            ("Kharkiv", 36.23, 49.99, "r"),
            ("Bryansk", 34.37, 53.24, "r"),
            ("Oryol", 36.06, 52.97, "r"),
            ("Voronezh", 39.20, 51.67, "b"),
            ("Chernihiv", 31.29, 51.49, "r"),
            ("Kyiv", 30.52, 50.45, "r", {"kind": "capital", "weight": "bold"}),
        ],
        "legend": [
            {"kind": "focus", "text": "Kursk, the regional capital"},
            {"kind": "capital", "text": "national capital"},
            {"kind": "city", "text": "town or city"},
            {"kind": "line", "text": "international border"},
        ],
        "legend_w": 0.25, "legend_at": (0.985, 0.975),
    }


def spec_home():
    return {
        "file": "home.png", "res": "10m",
        "title": "The way home: from the Russian Far East to Pyongyang",
        "subtitle": "Vladivostok to the Khasan-Tumangang crossing on the Tumen River, then south to Pyongyang."
                    " Route schematic.",
        "proj": LAEA(128.6, 39.55), "width_km": 1960, "geobox": (112, 146, 28, 52), "grid": 2,
        "scale_km": 200, "scale_at": (128.6, 39.55),
        "fills": {"North Korea": {"face": NORTHKOREA}, "Russia": {"face": RUSSIA}},
        "countries": [
            ("NORTH\nKOREA", 126.75, 40.55, {"size": 15, "ls": 1.0}),
            ("SOUTH\nKOREA", 128.3, 36.55, {"size": 14, "ls": 1.0}),
            ("CHINA", 126.6, 43.05, {"size": 16}),
            ("RUSSIA", 133.7, 43.75, {"size": 16}),
            ("JAPAN", 135.6, 35.25, {"size": 14}),
        ],
        "water": [
            ("Sea of Japan\n(East Sea)", 133.2, 41.3, {"size": 12}),
            ("Yellow Sea", 123.7, 36.3, {"size": 12}),
            ("Tumen River", 130.15, 43.05, {"size": 9.5}),
        ],
        "cities": [
            ("Vladivostok", 131.89, 43.12, "r", {"weight": "bold", "size": 12}),
            ("Khasan (Russia) and\nTumangang (North Korea)", 130.64, 42.43, "r",
             {"kind": "crossing", "weight": "bold", "size": 11, "dxy": (9, -6), "va": "top"}),
            ("Pyongyang", 125.75, 39.03, "l", {"kind": "capital", "weight": "bold", "size": 13, "dxy": (-9, 0)}),
            ("Seoul", 126.98, 37.57, "r", {"kind": "capital", "weight": "bold"}),
            ("Chongjin", 129.78, 41.80, "l"),
            ("Hamhung", 127.54, 39.92, "br"),
            ("Dandong", 124.38, 40.12, "l"),
            ("Shenyang", 123.43, 41.80, "r"),
            ("Busan", 129.07, 35.18, "r"),
        ],
        "routes": [{"points": [
            (131.89, 43.12), (131.96, 43.38), (131.70, 43.33), (131.33, 43.02), (131.10, 42.80),
            (130.82, 42.60), (130.64, 42.43), (130.60, 42.40), (130.42, 42.32), (130.28, 42.25),
            (129.78, 41.80), (129.33, 40.96), (129.19, 40.67), (128.90, 40.45), (128.30, 40.05),
            (127.54, 39.92), (127.24, 39.43), (126.60, 39.25), (125.75, 39.03)]}],
        "legend": [
            {"kind": "route", "text": "route home (schematic)"},
            {"kind": "crossing", "text": "rail border crossing"},
            {"kind": "capital", "text": "national capital"},
            {"kind": "city", "text": "city"},
        ],
        "legend_w": 0.25, "legend_at": (0.265, 0.975),
    }


def spec_peacekeepers():
    return {
        "file": "peacekeepers.png", "res": "10m",
        "title": "The Russian-Ukrainian border and occupied Ukraine",
        "subtitle": "Russia occupies Crimea and parts of the Luhansk, Donetsk, Zaporizhzhia and Kherson regions."
                    " Lines of control are not drawn.",
        "proj": LAEA(35.2, 48.55), "width_km": 1720, "geobox": (18, 55, 39, 58), "grid": 2,
        "scale_km": 200, "scale_at": (35.2, 48.55),
        "fills": {"Russia": {"face": RUSSIA}, "Ukraine": {"face": UKRAINE},
                  "Crimea": {"face": UKRAINE, "hatch": "////", "hatch_color": "#7d715c"}},
        "countries": [
            ("RUSSIA", 41.6, 50.4, {"size": 18}),
            ("UKRAINE", 30.6, 49.0, {"size": 18}),
            ("BELARUS", 28.6, 52.55, {"size": 13}),
            ("MOLDOVA", 28.45, 47.3, {"size": 10, "rot": 0}),
            ("ROMANIA", 26.9, 45.9, {"size": 12}),
            ("GEORGIA", 43.6, 42.4, {"size": 12}),
            ("TURKEY", 34.5, 41.55, {"size": 12}),
            ("Crimea", 34.25, 45.35, {"size": 11.5, "weight": "bold", "style": "italic"}),
            ("Luhansk\nregion", 39.4, 49.05, {"size": 10.5, "weight": "normal", "style": "italic", "ls": 1.0}),
            ("Donetsk\nregion", 37.55, 48.45, {"size": 10.5, "weight": "normal", "style": "italic", "ls": 1.0}),
            ("Zaporizhzhia\nregion", 35.75, 47.35, {"size": 10.5, "weight": "normal", "style": "italic", "ls": 1.0}),
            ("Kherson\nregion", 33.35, 46.75, {"size": 10.5, "weight": "normal", "style": "italic", "ls": 1.0}),
            ("Kursk\nregion", 36.4, 52.05, {"size": 10.5, "weight": "normal", "style": "italic", "ls": 1.0}),
        ],
        "water": [
            ("Black Sea", 31.2, 45.1, {"size": 14}),
            ("Sea of\nAzov", 36.6, 46.1, {"size": 10}),
        ],
        "cities": [
            ("Kyiv", 30.52, 50.45, "r", {"kind": "capital", "weight": "bold", "size": 12}),
            ("Moscow", 37.62, 55.76, "r", {"kind": "capital"}),
            ("Kursk", 36.19, 51.73, "r", {"kind": "focus", "weight": "bold"}),
            ("Belgorod", 36.59, 50.60, "r"),
            ("Kharkiv", 36.23, 49.99, "l"),
            ("Sumy", 34.80, 50.91, "l"),
            ("Voronezh", 39.20, 51.67, "r"),
            ("Luhansk", 39.31, 48.57, "r"),
            ("Donetsk", 37.80, 48.00, "br"),
            ("Mariupol", 37.55, 47.10, "r"),
            ("Zaporizhzhia", 35.14, 47.84, "tl"),
            ("Kherson", 32.61, 46.64, "l"),
            ("Sevastopol", 33.52, 44.60, "l"),
            ("Rostov-on-Don", 39.72, 47.23, "r"),
            ("Odesa", 30.73, 46.48, "l"),
        ],
        "legend": [
            {"kind": "line", "text": "international border"},
            {"kind": "patch", "face": UKRAINE, "hatch": "////", "hatch_color": "#7d715c",
             "text": "Crimea: annexed by Russia, 2014"},
            {"kind": "dashed", "text": "Crimea's boundary with mainland"},
            {"kind": "capital", "text": "national capital"},
            {"kind": "city", "text": "city"},
            {"kind": "none", "text": "front lines: not drawn"},
        ],
        "legend_w": 0.30, "legend_at": (0.985, 0.345),
    }


def spec_redeploy():
    return {
        "file": "redeploy.png", "res": "50m",
        "title": "Redeployment: the Caucasus, Central Asia and the Russian Far East",
        "subtitle": "Where the story's troops might be posted in Russian service."
                    " Region names are placed approximately; region boundaries are not drawn.",
        "proj": LCC(92, 52, 42, 62), "width_km": 9700, "offset_km": (-330, 700), "scale_pos": "right", "geobox": (20, 200, 20, 84),
        "grid": 10, "scale_km": 1000, "scale_at": (92, 52),
        "scale_note": "scale true near 42°N and 62°N",
        "fills": {"Russia": {"face": RUSSIA}, "Ukraine": {"face": LAND},
                  "Georgia": {"face": HIGHLIGHT2, "hatch": "///", "hatch_color": "#6b6150"},
                  "Armenia": {"face": HIGHLIGHT2, "hatch": "///", "hatch_color": "#6b6150"},
                  "Azerbaijan": {"face": HIGHLIGHT2, "hatch": "///", "hatch_color": "#6b6150"},
                  "Kazakhstan": {"face": HIGHLIGHT}, "Uzbekistan": {"face": HIGHLIGHT},
                  "Turkmenistan": {"face": HIGHLIGHT}, "Kyrgyzstan": {"face": HIGHLIGHT},
                  "Tajikistan": {"face": HIGHLIGHT}, "North Korea": {"face": NORTHKOREA}},
        "countries": [
            ("RUSSIA", 95, 62, {"size": 20}),
            ("KAZAKHSTAN", 67.5, 48.3, {"size": 12}),
            ("MONGOLIA", 103, 46.8, {"size": 12}),
            ("CHINA", 103, 34.5, {"size": 15}),
            ("IRAN", 55.5, 32.0, {"size": 12}),
            ("JAPAN", 139.5, 37.5, {"size": 11}),
            ("UZBEKISTAN", 61.0, 43.9, {"size": 9.5}),
            ("TURKMENISTAN", 58.5, 38.9, {"size": 9.5}),
            ("KYRGYZSTAN", 83.5, 42.2, {"size": 9.5, "leader": (75.0, 41.6)}),
            ("TAJIKISTAN", 76.5, 36.0, {"size": 9.5, "leader": (71.0, 38.7)}),
            ("GEORGIA", 36.3, 41.6, {"size": 9.5, "leader": (43.5, 42.1)}),
            ("ARMENIA", 40.3, 37.5, {"size": 9.5, "leader": (44.8, 40.2)}),
            ("AZERBAIJAN", 45.0, 34.6, {"size": 9.5, "leader": (47.7, 40.3)}),
            ("NORTH\nKOREA", 117, 36.5, {"size": 9.5, "leader": (126.6, 40.2), "ls": 1.0}),
            ("CENTRAL ASIA", 64, 52.6, {"size": 13, "weight": "bold", "style": "italic", "color": SOFT}),
            ("THE CAUCASUS", 32.5, 45.3, {"size": 12, "weight": "bold", "style": "italic", "color": SOFT}),
            ("THE RUSSIAN FAR EAST", 131, 64.5, {"size": 14, "weight": "bold", "style": "italic", "color": SOFT}),
        ],
        "water": [
            ("Caspian\nSea", 50.6, 42.3, {"size": 9}),
            ("Pacific\nOcean", 160, 43, {"size": 11}),
            ("Sea of\nOkhotsk", 148.5, 54.0, {"size": 10}),
        ],
        "cities": [
            ("Moscow", 37.62, 55.76, "tr", {"kind": "capital", "weight": "bold"}),
            ("Pyongyang", 125.75, 39.03, "b", {"kind": "capital"}),
            ("Vladivostok", 131.89, 43.12, "r"),
            ("Khabarovsk", 135.08, 48.48, "r"),
            ("Petropavlovsk-\nKamchatsky", 158.65, 53.02, "b"),
            ("Magadan", 150.80, 59.57, "t"),
            ("Grozny", 45.69, 43.32, "r", {"dxy": (7, 2)}),
            ("Dushanbe", 68.78, 38.56, "b"),
            ("Novosibirsk", 82.92, 55.03, "r"),
        ],
        "legend": [
            {"kind": "patch", "face": RUSSIA, "text": "Russia"},
            {"kind": "patch", "face": HIGHLIGHT, "text": "Central Asian states"},
            {"kind": "patch", "face": HIGHLIGHT2, "hatch": "///", "hatch_color": "#6b6150",
             "text": "South Caucasus states"},
            {"kind": "capital", "text": "national capital"},
            {"kind": "city", "text": "city"},
        ],
        "legend_w": 0.24, "legend_at": (0.255, 0.975),
    }


AFRICA_COMMON = {
    "res": "50m", "proj": LAEA(25, 14), "width_km": 10200, "offset_km": (0, 0), "geobox": (-30, 80, -40, 55),
    "grid": 10, "scale_km": 1000, "scale_at": (25, 14),
}

AFRICA_LABELS = [
    ("ALGERIA", 2.5, 28.0), ("EGYPT", 29.8, 26.5), ("NIGER", 9.5, 17.5), ("CHAD", 18.7, 15.5),
    ("NIGERIA", 8.2, 9.6), ("ETHIOPIA", 39.6, 8.6), ("SAUDI ARABIA", 44.5, 24.2),
    ("IRAQ", 43.6, 33.0), ("IRAN", 54.0, 32.5), ("TURKEY", 35.0, 39.2), ("DR CONGO", 23.5, -2.5),
    ("SOUTH\nSUDAN", 30.3, 7.0), ("MAURITANIA", -10.5, 20.3), ("YEMEN", 47.5, 15.9),
    ("CAMEROON", 12.6, 5.4), ("KENYA", 38.0, 0.4), ("MOROCCO", -6.5, 31.9), ("TUNISIA", 9.3, 34.6),
    ("BURKINA\nFASO", -1.6, 12.3), ("SOMALIA", 45.5, 5.0), ("OMAN", 56.6, 20.6),
]


def africa_countries(highlight, skip=()):
    out = []
    for name, lon, lat in AFRICA_LABELS:
        if name.replace("\n", " ") in highlight or name in skip:
            continue
        out.append((name, lon, lat, {"size": 9.5, "weight": "normal", "color": SOFT, "ls": 1.0}))
    return out


def spec_russian_pmc():
    hl = ["Libya", "Sudan", "Syria", "Mali", "Central African Rep."]
    spec = dict(AFRICA_COMMON)
    spec.update({
        "file": "russian_pmc.png",
        "title": "Russian private military companies in Africa and the Middle East",
        "subtitle": "Five countries where Russian private military companies have been reported at work."
                    " The story leaves its posting unnamed.",
        "fills": {n: {"face": HIGHLIGHT} for n in hl} | {"Russia": {"face": RUSSIA}},
        "countries": africa_countries(["LIBYA", "SUDAN", "SYRIA", "MALI"]) + [
            ("LIBYA", 17.5, 27.0, {"size": 14}),
            ("SUDAN", 29.6, 18.0, {"size": 14}),
            ("MALI", -2.5, 18.2, {"size": 14}),
            ("CENTRAL\nAFRICAN REP.", 20.6, 6.7, {"size": 11.5, "ls": 1.0}),
            ("SYRIA", 31.0, 35.8, {"size": 13, "leader": (37.5, 35.0)}),
        ],
        "water": [("Mediterranean Sea", 17.5, 36.0, {"size": 11}), ("Red\nSea", 38.6, 19.5, {"size": 9.5}),
                  ("Atlantic\nOcean", -15, 1, {"size": 12}), ("Arabian\nSea", 62, 14, {"size": 11})],
        "cities": [
            ("Tripoli", 13.19, 32.89, "b"), ("Khartoum", 32.53, 15.50, "r"),
            ("Damascus", 36.29, 33.51, "r"), ("Bamako", -8.00, 12.64, "b"), ("Bangui", 18.56, 4.39, "b"),
        ],
        "legend": [
            {"kind": "patch", "face": HIGHLIGHT, "text": "reported Russian PMC presence"},
            {"kind": "patch", "face": LAND, "text": "other countries"},
            {"kind": "city", "text": "capital of a shaded country"},
        ],
        "legend_w": 0.29, "legend_at": (0.985, 0.30),
    })
    return spec


def spec_korean_pmc():
    spec = dict(AFRICA_COMMON)
    spec.update({
        "file": "korean_pmc.png",
        "proj": LAEA(20, 25), "width_km": 6600, "scale_at": (20, 25), "grid": 5,
        "title": "A North Korean military company (scenario): Libya",
        "subtitle": "The story's fictional company is posted to Libya. No such company is known to exist.",
        "fills": {"Libya": {"face": HIGHLIGHT}, "Russia": {"face": RUSSIA}},
        "countries": africa_countries(["LIBYA"], skip=("MAURITANIA", "SOUTH\nSUDAN", "SOMALIA", "KENYA",
                                                          "DR CONGO", "CAMEROON", "OMAN")) + [
            ("LIBYA", 17.5, 27.0, {"size": 16}),
            ("SUDAN", 30.0, 16.0, {"size": 9.5, "weight": "normal", "color": SOFT}),
            ("MALI", -2.5, 18.2, {"size": 9.5, "weight": "normal", "color": SOFT}),
            ("SYRIA", 38.6, 35.2, {"size": 9.5, "weight": "normal", "color": SOFT}),
            ("ITALY", 14.5, 41.6, {"size": 9.5, "weight": "normal", "color": SOFT}),
            ("GREECE", 22.0, 39.6, {"size": 9.5, "weight": "normal", "color": SOFT}),
            ("ISRAEL", 32.2, 33.2, {"size": 8.5, "weight": "normal", "color": SOFT,
                                    "leader": (34.9, 31.6)}),
        ],
        "water": [("Mediterranean Sea", 17.5, 36.0, {"size": 11}), ("Red\nSea", 38.6, 19.5, {"size": 9.5}),
                  ("Atlantic\nOcean", -15, 1, {"size": 12}), ("Arabian\nSea", 62, 14, {"size": 11})],
        "cities": [
            ("Tripoli", 13.19, 32.89, "b", {"kind": "capital", "weight": "bold"}),
            ("Benghazi", 20.07, 32.12, "b"),
            ("Sirte", 16.59, 31.21, "b"),
            ("Sabha", 14.43, 27.04, "b"),
            ("Cairo", 31.24, 30.04, "r", {"kind": "capital"}),
            ("N'Djamena", 15.04, 12.11, "r", {"kind": "capital"}),
            ("Tunis", 10.18, 36.81, "r", {"kind": "capital"}),
        ],
        "legend": [
            {"kind": "patch", "face": HIGHLIGHT, "text": "the company's posting (fiction)"},
            {"kind": "capital", "text": "national capital"},
            {"kind": "city", "text": "city"},
        ],
        "legend_w": 0.29, "legend_at": (0.985, 0.30),
    })
    return spec


SPECS = {"kursk": spec_kursk, "home": spec_home, "peacekeepers": spec_peacekeepers,
         "redeploy": spec_redeploy, "russian_pmc": spec_russian_pmc, "korean_pmc": spec_korean_pmc}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--atlas", required=True, help="folder of the npm package world-atlas 2.0.2")
    ap.add_argument("--out", default=os.path.normpath(os.path.join(here, "..", "story", "after-kursk", "maps")))
    ap.add_argument("--only", choices=sorted(SPECS), help="draw one map only")
    args = ap.parse_args()
    with open(os.path.join(args.atlas, "package.json"), encoding="utf-8") as f:
        version = json.load(f).get("version")
    if version != "2.0.2":
        print(f"warning: world-atlas {version} found; the maps were made with 2.0.2", file=sys.stderr)
    plt.rcParams.update({"font.family": "DejaVu Sans", "hatch.linewidth": 0.7, "path.simplify": True,
                         "svg.hashsalt": "maps"})
    atlases = {}
    os.makedirs(args.out, exist_ok=True)
    for name, make in SPECS.items():
        if args.only and name != args.only:
            continue
        spec = make()
        res = spec["res"]
        if res not in atlases:
            atlases[res] = Atlas(os.path.join(args.atlas, f"countries-{res}.json"))
        extra = ", the route" if spec.get("routes") else ""
        scale = {"10m": "1:10m", "50m": "1:50m"}[res]
        spec["credit"] = CREDIT.format(res=scale, extra=extra)
        fig = MapDrawer(spec, atlases[res]).draw()
        path = os.path.join(args.out, spec["file"])
        save_png(fig, path)
        print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
