/**
 * The options every chart on the page shares, from Chart.js's performance guide: no
 * animation, parsing off (data arrive in Chart.js's internal {x, y} form, sorted by x),
 * sizing from the container. Each chart's config spreads these and adds its own scales.
 */
export function streamingOptions(text: string) {
  return {
    animation: false,
    parsing: false,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    color: text,
  } as const;
}
