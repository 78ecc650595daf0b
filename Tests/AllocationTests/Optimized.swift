/// Whether this is an optimized build: unoptimized code boxes values on the heap that the
/// optimizer keeps in registers, so the allocation tests hold for release builds (as CI
/// runs) and are skipped in debug builds.
let optimized: Bool = {
    #if DEBUG
    return false
    #else
    return true
    #endif
}()
