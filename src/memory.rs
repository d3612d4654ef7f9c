//! How the process's allocator is set up, shared by the `guong` binary and the benchmark
//! examples so that both pay the same for memory.

/// mimalloc's `mi_option_purge_delay`, which its Rust bindings do not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps memory the process frees instead of handing it back to the OS.
///
/// By default mimalloc hands freed memory back after a second. A build frees and reuses
/// hundreds of megabytes between its stages, and every page handed back costs a fault and
/// a zeroed page when it is used again: 0.4–1.2 s of system time at 10,000 stories.
/// Keeping it costs nothing, as the peak is the same. Call it first thing in `main`, with
/// mimalloc as the global allocator.
pub fn keep_freed_memory() {
    // SAFETY: sets an option of mimalloc's, which it reads on its own; the callers do so
    // before starting any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    /// The option's number comes from mimalloc's header, not its bindings: check that it
    /// is the purge delay, whose default (1,000 ms in mimalloc 3) no other option shares.
    #[test]
    fn option_fifteen_is_the_purge_delay() {
        // SAFETY: reads an option; no code in the library's tests changes options.
        let value = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(value, 1000);
    }
}
