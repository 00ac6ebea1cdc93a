//! A counting global allocator: how many heap allocations a piece of code makes.
//!
//! The micro benchmarks install [`CountingAllocator`] as their `#[global_allocator]` and
//! report, next to the times, the allocations per whole in-memory call
//! ([`allocations_per_call`]). It forwards to the system allocator and adds one relaxed
//! atomic increment per allocation (and per growing `realloc`), the same for every
//! contender of a group.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

/// The system allocator, counting allocations and allocated bytes.
pub struct CountingAllocator;

// SAFETY: every method forwards to `System` with the same arguments; the counters are
// plain atomics and never allocate.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: forwarded as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: forwarded as is.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation is a new allocation as far as cost goes (it may copy).
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(
            new_size.saturating_sub(layout.size()) as u64,
            Ordering::Relaxed,
        );
        // SAFETY: forwarded as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocations (and reallocations) counted so far, by every thread.
pub fn allocations() -> u64 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

/// Bytes requested so far, by every thread.
pub fn allocated_bytes() -> u64 {
    BYTES.load(Ordering::Relaxed)
}

/// What one call costs the allocator, averaged over many calls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerCall {
    /// Heap allocations (and reallocations) per call.
    pub allocations: f64,
    /// Bytes requested per call.
    pub bytes: f64,
}

/// Runs `call` `n` times after one warm-up call and returns the allocations per call.
/// Only meaningful when [`CountingAllocator`] is the global allocator and nothing else
/// allocates meanwhile (run it on one thread, with no other benchmark running).
pub fn allocations_per_call(n: u32, mut call: impl FnMut()) -> PerCall {
    call();
    let (a0, b0) = (allocations(), allocated_bytes());
    for _ in 0..n {
        call();
    }
    let (a1, b1) = (allocations(), allocated_bytes());
    PerCall {
        allocations: (a1 - a0) as f64 / f64::from(n),
        bytes: (b1 - b0) as f64 / f64::from(n),
    }
}
