//! Prefill of income lines from the household month view (the audited composite answer).
