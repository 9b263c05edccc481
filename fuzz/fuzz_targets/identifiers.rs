//! libFuzzer target `identifiers`: [`underlag_fuzz::identifiers`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| underlag_fuzz::identifiers(data));
