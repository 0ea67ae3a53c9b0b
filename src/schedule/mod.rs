//! Cron schedules with exactly the semantics Kubernetes uses (robfig/cron v3 `ParseStandard`).
