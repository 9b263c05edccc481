//! Replays every committed fuzz corpus file (`fuzz/corpus/<target>/`) through the entry
//! points the libFuzzer targets call (`fuzz/src/lib.rs`, included here as it is), so what the
//! fuzzers found once stays fixed, without a nightly toolchain.

use std::path::Path;

// The fuzz crate is not a workspace member (it builds with nightly); its entry points are
// plain functions over the workspace's crates, compiled here as a module.
#[allow(unreachable_pub)]
#[path = "../../../../fuzz/src/lib.rs"]
mod entries;

#[test]
fn every_fuzz_corpus_file_replays_without_a_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let mut counts = Vec::new();
    for (target, entry) in entries::TARGETS {
        let dir = root.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in &files {
            entry(&std::fs::read(file).unwrap());
        }
        counts.push((target, files.len()));
    }
    println!("replayed: {counts:?}");
    assert!(
        counts.iter().all(|(_, n)| *n > 0),
        "every target has a corpus: {counts:?}"
    );
}
