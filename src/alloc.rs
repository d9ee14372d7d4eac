//! The allocator of the `rstconv` binary (and of the benchmarks, so their
//! figures are the ones users get): mimalloc, called the way its C API is
//! fastest.
//!
//! Parsing makes many small nodes, and glibc's malloc spends a third of the
//! parse consolidating and freeing them. The `mimalloc` crate's own
//! `GlobalAlloc` sends every request through `mi_malloc_aligned`, whose
//! alignment checks cost more than the allocation itself for the parser's
//! 16-to-100-byte nodes. Rust's requests almost always ask for an alignment
//! that `mi_malloc` already guarantees (16 bytes on 64-bit targets), so
//! those go to the plain entry points, and only the rare over-aligned ones
//! to the aligned API. Parse of the 1.4 MB benchmark document: 36 ms
//! instead of 40 ms of user time, 3.7% fewer instructions (callgrind).

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment every `mi_malloc` block has (`MI_MAX_ALIGN_SIZE`). A block
/// smaller than this is aligned to its own size rounded down to a power of
/// two, hence the `align <= size` condition below, as in mimalloc's docs.
const GUARANTEED_ALIGN: usize = 16;

/// mimalloc as the global allocator (see the module docs).
pub struct Mimalloc;

/// Whether `mi_malloc(size)` already returns memory aligned to `align`.
#[inline]
fn plain_is_aligned(align: usize, size: usize) -> bool {
    align <= GUARANTEED_ALIGN && align <= size
}

// SAFETY: every block comes from mimalloc and goes back to it: `mi_free`
// and `mi_realloc*` accept blocks from any of mimalloc's allocation entry
// points, aligned or not. Alignment is either guaranteed by `mi_malloc`
// (`plain_is_aligned`) or requested explicitly. Null is returned on
// failure, as `GlobalAlloc` requires.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: plain C calls; any size is accepted.
        unsafe {
            if plain_is_aligned(layout.align(), layout.size()) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if plain_is_aligned(layout.align(), layout.size()) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: the caller passes a block this allocator returned.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller passes a block this allocator returned with
        // `layout`; mimalloc keeps the contents up to the smaller size.
        unsafe {
            if plain_is_aligned(layout.align(), new_size) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// mimalloc's `mi_option_purge_delay` (the position of `purge_delay` in
/// mimalloc v3's `mi_option_e`, which `libmimalloc-sys` builds by default
/// and does not export as a constant).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

// SAFETY (of the declaration): `mi_option_get` and `mi_option_set` are part
// of mimalloc's stable C API, linked in by `libmimalloc-sys`, with these
// signatures (`mi_option_t` is a C enum, passed as an int).
unsafe extern "C" {
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Keep memory the program frees for its own later allocations instead of
/// handing it back to the system a second after it is freed (mimalloc's
/// default). A conversion is a burst of work of a few seconds at most, and
/// its stages free large structures that the next stage (or the next
/// lesson of a course pack) would otherwise fault back in page by page:
/// 13,900 page faults (54 MB) per run of the four writers on the 1.4 MB
/// benchmark document when runs follow each other. Peak memory does not
/// change (what is kept is reused, never added to). A user's own
/// `MIMALLOC_PURGE_DELAY` wins. Called by the command line before a
/// one-shot run (not for `--watch`, which idles between builds and should
/// give memory back meanwhile) and by the benchmarks.
pub fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: setting an option is a plain C call, valid at any time.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// mimalloc's current purge delay in milliseconds (-1: never purge), for
/// the test of [`keep_freed_memory`].
// `c_long` is 32 bits on some targets (Windows), 64 here.
#[cfg(test)]
#[allow(clippy::useless_conversion)]
fn purge_delay() -> i64 {
    // SAFETY: reading an option is a plain C call, valid at any time.
    i64::from(unsafe { mi_option_get(MI_OPTION_PURGE_DELAY) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alloc_keep_freed_memory_sets_mimallocs_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // Only the purge delay defaults to 1000 ms in mimalloc v3: this
        // checks the option's number before it is changed.
        let before = purge_delay();
        assert!(before == 1000 || before == -1, "purge delay {before}");
        keep_freed_memory();
        assert_eq!(purge_delay(), -1);
    }

    #[test]
    fn alloc_plain_path_only_where_mi_malloc_guarantees_the_alignment() {
        assert!(plain_is_aligned(8, 24));
        assert!(plain_is_aligned(16, 16));
        assert!(
            !plain_is_aligned(16, 8),
            "an 8-byte block is only 8-aligned"
        );
        assert!(!plain_is_aligned(32, 64));
        assert!(!plain_is_aligned(4096, 4096));
    }

    #[test]
    fn alloc_blocks_have_the_alignment_asked_for() {
        let a = Mimalloc;
        for (size, align) in [
            (1, 1),
            (8, 8),
            (24, 8),
            (16, 16),
            (8, 16),
            (64, 32),
            (100, 4096),
        ] {
            let layout = Layout::from_size_align(size, align).expect("valid layout");
            // SAFETY: non-zero sizes; each block is freed with its layout.
            unsafe {
                let p = a.alloc(layout);
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0, "size {size} align {align}");
                let q = a.realloc(p, layout, size * 3);
                assert!(!q.is_null());
                assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                a.dealloc(
                    q,
                    Layout::from_size_align(size * 3, align).expect("valid layout"),
                );
                let z = a.alloc_zeroed(layout);
                assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                a.dealloc(z, layout);
            }
        }
    }
}
