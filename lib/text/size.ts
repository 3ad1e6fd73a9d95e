/** A size for people, in the binary units limits are counted in: "64 KiB", "10 MiB", "10.5 MiB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}
