//! The client-wide retry quota: a token bucket that retries draw from and successes
//! refill (see the [module docs](super)).
//!
//! Lock-free: one atomic counter. On the success path of a full bucket (the usual case)
//! it costs one relaxed load.

use std::sync::atomic::{AtomicU32, Ordering};

/// A token bucket of `capacity` tokens, full at the start.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    capacity: u32,
    available: AtomicU32,
}

impl RetryQuota {
    pub(crate) fn new(capacity: u32) -> Self {
        Self {
            capacity,
            available: AtomicU32::new(capacity),
        }
    }

    /// Takes `cost` tokens for one retry; `false` (and nothing taken) when the bucket
    /// holds fewer.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(cost))
            .is_ok()
    }

    /// Puts `tokens` back, never above the capacity: 1 after a call that succeeded at
    /// its first attempt, what its retries took after one that succeeded later.
    pub(crate) fn release(&self, tokens: u32) {
        // The common case, a full bucket, only reads.
        if tokens == 0 || self.available.load(Ordering::Relaxed) >= self.capacity {
            return;
        }
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.capacity).then(|| n.saturating_add(tokens).min(self.capacity))
            });
    }

    /// Tokens left.
    #[cfg(test)]
    pub(crate) fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_drain_the_bucket_and_stop_when_it_cannot_pay() {
        let q = RetryQuota::new(12);
        assert!(q.try_acquire(5));
        assert!(q.try_acquire(5));
        assert_eq!(q.available(), 2);
        assert!(!q.try_acquire(5), "2 tokens cannot pay for a retry");
        assert_eq!(q.available(), 2, "a refused retry takes nothing");
    }

    #[test]
    fn successes_refill_up_to_the_capacity() {
        let q = RetryQuota::new(10);
        assert!(q.try_acquire(10));
        q.release(1);
        assert_eq!(q.available(), 1);
        q.release(10);
        assert_eq!(q.available(), 10, "never above the capacity");
        q.release(1);
        assert_eq!(q.available(), 10);
    }

    #[test]
    fn a_zero_capacity_allows_no_retry() {
        let q = RetryQuota::new(0);
        assert!(!q.try_acquire(5));
        q.release(1);
        assert!(!q.try_acquire(1));
    }

    #[test]
    fn concurrent_acquires_never_overdraw() {
        let q = std::sync::Arc::new(RetryQuota::new(500));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let q = q.clone();
                std::thread::spawn(move || (0..100).filter(|_| q.try_acquire(5)).count())
            })
            .collect();
        let granted: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(granted, 100, "500 tokens pay for exactly 100 retries");
        assert_eq!(q.available(), 0);
    }
}
