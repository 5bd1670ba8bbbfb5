/**
 * State kept for the life of the process beside the cache (SDK clients, role sessions,
 * what was learnt about the account) that clearRegistryCache() forgets. Each module that
 * keeps some registers how to forget it, so the cache imports none of them: a bundle
 * holds only the modules its declarations use.
 */
const forgetters = new Set<() => void>()

export function onClearRegistryCache(forget: () => void): void {
  forgetters.add(forget)
}

export function forgetProcessState(): void {
  for (const forget of forgetters) forget()
}
