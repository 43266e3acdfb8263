/**
 * Saving what the page made (CSV, PNG, checkpoint) as a file on this machine: an object URL
 * and a temporary `<a download>`; nothing is uploaded anywhere. And a chart canvas as a PNG
 * on the page's own background colour, since chart canvases are transparent and a chart
 * drawn for dark mode would be unreadable on a viewer's white.
 */

/** Offers `blob` as a download called `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; revoke later, as some browsers read the URL asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The canvases' pixels, one below the other, over `background`, as one PNG (canvas.toBlob). */
export function canvasPng(canvases: readonly HTMLCanvasElement[], background: string): Promise<Blob> {
  const flat = document.createElement('canvas');
  flat.width = Math.max(1, ...canvases.map((c) => c.width));
  flat.height = Math.max(1, canvases.reduce((sum, c) => sum + c.height, 0));
  const context = flat.getContext('2d');
  if (!context) return Promise.reject(new Error('this browser gave no 2D canvas context'));
  context.fillStyle = background;
  context.fillRect(0, 0, flat.width, flat.height);
  let top = 0;
  for (const canvas of canvases) {
    context.drawImage(canvas, 0, top);
    top += canvas.height;
  }
  return new Promise((resolve, reject) => flat.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
}

/** A name for a saved file: sparsewatch-<what>-<step>.<ext>. */
export function fileName(what: string, step: number, extension: string): string {
  return `sparsewatch-${what}-step${step}.${extension}`;
}
