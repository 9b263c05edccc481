//! The store's integration tests: one storage suite run against SQLite always and against
//! PostgreSQL when `UNDERLAG_TEST_PG_URL` is set (each PG test in its own schema).

mod harness;
mod registry;
mod suite;
mod urls;

/// Generates one test per suite function and backend.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let h = crate::harness::Harness::sqlite().await;
                    crate::suite::$name(&h).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(h) = crate::harness::Harness::postgres().await else {
                        crate::harness::note_skipped(stringify!($name));
                        return;
                    };
                    crate::suite::$name(&h).await;
                }
            )*
        }
    };
}

on_both_backends!(
    append_and_read_back,
    empty_log_verifies,
    chain_and_checkpoints_verify,
    edited_field_is_detected,
    edited_subject_is_detected,
    deleted_record_is_detected,
    inserted_record_is_detected,
    swapped_records_are_detected,
    truncated_tail_is_detected,
    bad_checkpoint_signature_is_detected,
    triggers_refuse_update_and_delete,
    concurrent_appends_keep_one_chain,
    two_pools_keep_one_chain,
    reopen_keeps_every_record,
    filters_select_the_right_records,
    errors_carry_no_personal_data,
    append_throughput,
);

/// The same per-backend expansion for the registry suite (`registry.rs`).
macro_rules! registry_on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod registry_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let h = crate::harness::Harness::sqlite().await;
                    crate::registry::$name(&h).await;
                }
            )*
        }
        mod registry_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(h) = crate::harness::Harness::postgres().await else {
                        crate::harness::note_skipped(stringify!($name));
                        return;
                    };
                    crate::registry::$name(&h).await;
                }
            )*
        }
    };
}

registry_on_both_backends!(
    connections_round_trip,
    connection_changes,
    cases_and_households,
    every_change_is_audited_and_the_chain_verifies,
    changes_are_seen_by_other_processes_at_once,
    concurrent_changes_and_appends_keep_one_chain,
    syfte_mappings_are_stored_and_audited,
);
