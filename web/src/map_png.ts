// "Hent kortet som PNG": the map re-rendered at print resolution with its names, scale bar,
// title, reference date, source line and legend beside it, tagged as 300 dpi.
import type { Map as MapLibreMap } from "maplibre-gl";

import type { Legend } from "./map_legend";

/** 300 dpi over 25 cm (a landscape A4 page's printable width): 2953 px across the map. */
const PRINT_DPI = 300;
const PRINT_WIDTH_PX = Math.round((25 / 2.54) * PRINT_DPI);
/** The map's largest canvas (its ``maxCanvasSize``): the print PNG stays within it. */
export const MAX_CANVAS_PX: [number, number] = [4096, 4096];
/** Width of the legend column, CSS px (scaled with the map). */
const LEGEND_WIDTH = 300;

export interface Annotations {
  lines: string[];
  labels: { text: string; at: [number, number] }[];
}

/** Metres per CSS pixel at the map's centre (web Mercator, 512 px tiles). */
function metresPerPixel(map: MapLibreMap): number {
  const latitude = (map.getCenter().lat * Math.PI) / 180;
  return (40_075_016.686 * Math.cos(latitude)) / (512 * 2 ** map.getZoom());
}

/** A round scale-bar length (1, 2 or 5 × 10^n metres) of at most ``maxMetres``. */
function roundLength(maxMetres: number): number {
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  return [5, 2, 1].map((f) => f * power).find((m) => m <= maxMetres) ?? power;
}

function drawAnnotations(context: CanvasRenderingContext2D, map: MapLibreMap, notes: Annotations): void {
  context.font = "bold 12px sans-serif";
  context.textAlign = "center";
  context.lineWidth = 3;
  for (const label of notes.labels) {
    const point = map.project(label.at);
    context.strokeStyle = "rgba(255,255,255,0.9)";
    context.strokeText(label.text, point.x, point.y);
    context.fillStyle = "#111111";
    context.fillText(label.text, point.x, point.y);
  }
  context.textAlign = "left";
  const height = map.getCanvas().clientHeight;
  const metres = roundLength(metresPerPixel(map) * 150);
  const width = metres / metresPerPixel(map);
  context.fillStyle = "#111111";
  context.fillRect(16, height - 40, width, 4);
  context.font = "12px sans-serif";
  context.fillText(metres >= 1000 ? `${metres / 1000} km` : `${metres} m`, 16, height - 46);
}

function drawLegend(context: CanvasRenderingContext2D, x: number, top: number, legends: Legend[]): void {
  let y = top;
  for (const legend of legends) {
    context.font = "bold 13px sans-serif";
    context.fillStyle = "#111111";
    context.fillText(legend.title, x, y);
    y += 20;
    context.font = "13px sans-serif";
    for (const item of legend.items) {
      context.fillStyle = item.colour;
      context.strokeStyle = item.outline ?? "#555555";
      context.lineWidth = item.outline ? 3 : 1;
      if (item.radius !== undefined) {
        const grow = Math.max(0, item.radius - 8);
        y += grow;
        context.beginPath();
        context.arc(x + 13, y - 4, item.radius, 0, 2 * Math.PI);
        context.fill();
        context.stroke();
        y += grow;
      } else {
        context.fillRect(x, y - 12, 16, 16);
        context.strokeRect(x, y - 12, 16, 16);
      }
      context.fillStyle = "#111111";
      context.fillText(item.label, x + 32, y + 1);
      y += 22;
    }
    y += 12;
  }
}

/** The PNG's physical resolution (a pHYs chunk after IHDR), so a word processor or print
 * shop places it at its true size. */
async function withDpi(png: Blob, dpi: number): Promise<Blob> {
  const bytes = new Uint8Array(await png.arrayBuffer());
  const chunk = new Uint8Array(21);
  const view = new DataView(chunk.buffer);
  const perMetre = Math.round(dpi / 0.0254);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  view.setUint32(8, perMetre);
  view.setUint32(12, perMetre);
  chunk[16] = 1; // unit: metre
  view.setUint32(17, crc32(chunk.subarray(4, 17)));
  const ihdrEnd = 8 + 25;
  return new Blob([bytes.subarray(0, ihdrEnd), chunk, bytes.subarray(ihdrEnd)], { type: "image/png" });
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** ``text`` broken at spaces into lines no wider than ``width`` in the context's font. */
function wrapped(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.length ? `${lines[lines.length - 1]} ${word}` : word;
    if (lines.length && context.measureText(last).width <= width) lines[lines.length - 1] = last;
    else lines.push(word);
  }
  return lines;
}

function compose(map: MapLibreMap, legends: Legend[], title: string, notes: Annotations): HTMLCanvasElement {
  const source = map.getCanvas();
  const ratio = source.width / source.clientWidth || 1;
  const canvas = document.createElement("canvas");
  canvas.width = source.width + Math.round(LEGEND_WIDTH * ratio);
  canvas.height = source.height;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2D canvas");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(source, 0, 0);
  context.scale(ratio, ratio);
  drawAnnotations(context, map, notes);
  const x = source.clientWidth + 16;
  const width = LEGEND_WIDTH - 28;
  context.fillStyle = "#111111";
  context.font = "bold 15px sans-serif";
  let y = 24;
  for (const line of wrapped(context, title, width)) {
    context.fillText(line, x, y);
    y += 20;
  }
  context.font = "12px sans-serif";
  for (const line of notes.lines.flatMap((note) => wrapped(context, note, width))) {
    context.fillText(line, x, y);
    y += 17;
  }
  drawLegend(context, x, y + 14, legends);
  return canvas;
}

/** Re-renders the map at print resolution (as far as the map's largest canvas allows),
 * composes the PNG and restores the screen's resolution; downloads it as kort.png. */
export async function downloadPng(map: MapLibreMap, legends: Legend[], title: string, notes: Annotations): Promise<void> {
  const screenRatio = map.getPixelRatio();
  const { clientWidth, clientHeight } = map.getCanvas();
  const [maxWidth, maxHeight] = MAX_CANVAS_PX;
  const ratio = Math.min(PRINT_WIDTH_PX / clientWidth, maxWidth / clientWidth, maxHeight / clientHeight);
  let canvas: HTMLCanvasElement;
  try {
    if (ratio > screenRatio) {
      const drawn = map.once("idle");
      map.setPixelRatio(ratio);
      map.triggerRepaint();
      await drawn;
    }
    canvas = compose(map, legends, title, notes);
  } finally {
    if (map.getPixelRatio() !== screenRatio) map.setPixelRatio(screenRatio);
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await withDpi(blob, PRINT_DPI));
  link.download = "kort.png";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
