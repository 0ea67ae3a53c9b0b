//! The kubelet model: pods go Pending → Running → Ready → Succeeded/Failed
//! with durations and exit codes drawn from the scenario; OnFailure (the
//! pod's, or a container's own policy and restart rules) restarts containers
//! in place; disruptions add `DisruptionTarget` and fail the pod;
//! deleted pods stop after their shutdown time (capped by the grace period).

use rustc_hash::FxHashMap;

use crate::api::{
    ConditionStatus, ContainerState, ContainerStateRunning, ContainerStateTerminated,
    ContainerStateWaiting, ContainerStatus, Pod, PodCondition, PodConditionType, PodPhase,
    RestartPolicy, JOB_COMPLETION_INDEX,
};

use super::apiserver::{is_terminal, ApiServer};
use super::events::Millis;
use super::rng::Rng;
use super::scenario::{PodBehaviour, Scenario};

/// Something the kubelet will do later.
#[derive(Debug, Clone)]
pub enum KubeletEvent {
    /// The pod is scheduled and its containers start.
    Start(String),
    /// The containers report ready.
    Ready(String, u32),
    /// The containers of run `u32` exit.
    Exit(String, u32),
    /// The pod is disrupted during run `u32`.
    Disrupt(String, u32),
    /// CrashLoopBackOff is over: start the next run.
    Restart(String, u32),
    /// A deleted pod's containers have stopped.
    Stop(String),
}

/// Kubelet events to schedule, with their times.
pub type Scheduled = Vec<(Millis, KubeletEvent)>;

/// What a kubelet-side change means for the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodTransition {
    Running,
    Ready,
    Restarted { exit_code: i32, restart_count: i32 },
    Disrupted,
    Succeeded,
    Failed { exit_code: i32, reason: String },
    Killed { exit_code: i32 },
}

struct Plan {
    behaviour: PodBehaviour,
    /// Attempts of this pod's job/index before this pod.
    attempt: u32,
    run: u32,
    exit_code: i32,
}

/// The node agent for every pod.
pub struct Kubelet {
    rng: Rng,
    plans: FxHashMap<String, Plan>,
    attempts: FxHashMap<(String, Option<i64>), u32>,
}

/// The completion index of a pod, from its annotation.
pub fn pod_index(pod: &Pod) -> Option<i64> {
    pod.metadata
        .annotation(JOB_COMPLETION_INDEX)
        .or_else(|| pod.metadata.label(JOB_COMPLETION_INDEX))
        .and_then(|v| v.parse().ok())
}

fn container_names(pod: &Pod) -> Vec<String> {
    if pod.spec.containers.is_empty() {
        vec!["main".to_string()]
    } else {
        pod.spec.containers.iter().map(|c| c.name.clone()).collect()
    }
}

/// Whether the containers restart in place after exiting with `exit_code`
/// (the pod's containers run as one in this model; the first regular
/// container decides): its `restartPolicyRules` first, the first matching
/// rule restarting it, then its own `restartPolicy` (KEP-5307, on by default
/// since 1.35), then the pod's (`OnFailure` restarts failures only).
fn restarts_in_place(pod: &Pod, exit_code: i32) -> bool {
    let Some(container) = pod.spec.containers.first() else {
        return false;
    };
    let rules = container
        .extra
        .get("restartPolicyRules")
        .and_then(serde_json::Value::as_array);
    for rule in rules.into_iter().flatten() {
        let Some(codes) = rule.get("exitCodes") else {
            continue;
        };
        let listed = codes
            .get("values")
            .and_then(serde_json::Value::as_array)
            .is_some_and(|v| v.iter().any(|c| c.as_i64() == Some(i64::from(exit_code))));
        let matched = match codes.get("operator").and_then(serde_json::Value::as_str) {
            Some("In") => listed,
            Some("NotIn") => !listed,
            _ => false,
        };
        if matched {
            return matches!(
                rule.get("action").and_then(serde_json::Value::as_str),
                Some("Restart" | "RestartAllContainers")
            );
        }
    }
    match (&container.restart_policy, &pod.spec.restart_policy) {
        (Some(RestartPolicy::Always), _) => true,
        (Some(RestartPolicy::OnFailure), _) | (None, Some(RestartPolicy::OnFailure)) => {
            exit_code != 0
        }
        _ => false,
    }
}

fn set_condition(
    pod: &mut Pod,
    type_: PodConditionType,
    status: ConditionStatus,
    reason: Option<&str>,
    at: crate::api::Time,
) {
    let conditions = pod
        .status
        .get_or_insert_default()
        .conditions
        .get_or_insert_default();
    let cond = PodCondition {
        type_: type_.clone(),
        status,
        last_probe_time: None,
        last_transition_time: Some(at),
        reason: reason.map(str::to_string),
        message: None,
    };
    match conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => {
            if c.status != cond.status {
                *c = cond;
            }
        }
        None => conditions.push(cond),
    }
}

fn set_containers(pod: &mut Pod, f: impl FnMut(&mut ContainerStatus)) {
    let names = container_names(pod);
    let statuses = pod
        .status
        .get_or_insert_default()
        .container_statuses
        .get_or_insert_default();
    if statuses.is_empty() {
        statuses.extend(names.into_iter().map(|name| ContainerStatus {
            name,
            ..ContainerStatus::default()
        }));
    }
    statuses.iter_mut().for_each(f);
}

fn terminate(pod: &mut Pod, exit_code: i32, reason: &str, at: crate::api::Time) {
    set_containers(pod, |c| {
        let started = c
            .state
            .as_ref()
            .and_then(|s| s.running.as_ref())
            .and_then(|r| r.started_at);
        c.ready = false;
        c.started = Some(false);
        c.state = Some(ContainerState {
            terminated: Some(ContainerStateTerminated {
                exit_code,
                reason: Some(reason.to_string()),
                started_at: started,
                finished_at: Some(at),
                ..ContainerStateTerminated::default()
            }),
            ..ContainerState::default()
        });
    });
    set_condition(
        pod,
        PodConditionType::Ready,
        ConditionStatus::False,
        Some("PodCompleted"),
        at,
    );
    set_condition(
        pod,
        PodConditionType::ContainersReady,
        ConditionStatus::False,
        Some("PodCompleted"),
        at,
    );
}

impl Kubelet {
    /// A kubelet drawing from `rng`.
    pub fn new(rng: Rng) -> Self {
        Kubelet {
            rng,
            plans: FxHashMap::default(),
            attempts: FxHashMap::default(),
        }
    }

    /// Pods and Job/index attempt counters being tracked.
    pub fn tracked(&self) -> usize {
        self.plans.len() + self.attempts.len()
    }

    /// A new pod is bound to the node: plan it and schedule its start.
    pub fn admit(
        &mut self,
        pod: &Pod,
        job: &str,
        cronjob: Option<&str>,
        job_uid: &str,
        scenario: &Scenario,
        now: Millis,
    ) -> Vec<(Millis, KubeletEvent)> {
        let uid = pod.metadata.uid().to_string();
        let index = pod_index(pod);
        let behaviour = scenario.behaviour(job, cronjob, index);
        let counter = self
            .attempts
            .entry((job_uid.to_string(), index))
            .or_insert(0);
        let attempt = *counter;
        *counter += 1;
        let startup = behaviour.startup.map_or(0, |r| r.sample(&mut self.rng));
        self.plans.insert(
            uid.clone(),
            Plan {
                behaviour,
                attempt,
                run: 0,
                exit_code: 0,
            },
        );
        vec![(now + startup, KubeletEvent::Start(uid))]
    }

    /// Forget a Job's attempt counters (the Job is gone).
    pub fn forget_job(&mut self, job_uid: &str) {
        self.attempts.retain(|(j, _), _| j != job_uid);
    }

    /// Forget a pod (it is gone from the API server).
    pub fn forget_pod(&mut self, uid: &str) {
        self.plans.remove(uid);
    }

    /// Begin a run: draw how it ends and schedule that. The flag says the
    /// containers are ready at once (no separate Ready event).
    fn begin_run(
        &mut self,
        uid: &str,
        now: Millis,
        restart_count: u32,
    ) -> (Vec<(Millis, KubeletEvent)>, bool) {
        let Some(plan) = self.plans.get_mut(uid) else {
            return (Vec::new(), false);
        };
        plan.run += 1;
        let b = &plan.behaviour;
        let runtime = b.runtime.map_or(30_000, |r| r.sample(&mut self.rng));
        let forced = plan.attempt + restart_count < b.fail_first.unwrap_or(0);
        let fails = forced || self.rng.chance(b.failure_probability.unwrap_or(0.0));
        plan.exit_code = if fails {
            let codes = b.exit_codes.as_deref().unwrap_or(&[1]);
            codes.get(self.rng.index(codes.len())).copied().unwrap_or(1)
        } else {
            0
        };
        let mut out = Vec::new();
        let ready = b.ready_after.map_or(0, |r| r.sample(&mut self.rng));
        let ready_now = ready == 0;
        if !ready_now {
            out.push((
                now + ready.min(runtime),
                KubeletEvent::Ready(uid.to_string(), plan.run),
            ));
        }
        if self.rng.chance(b.disruption_probability.unwrap_or(0.0)) {
            let at = self.rng.range_i64(0, runtime.max(1) - 1);
            out.push((now + at, KubeletEvent::Disrupt(uid.to_string(), plan.run)));
        } else {
            out.push((now + runtime, KubeletEvent::Exit(uid.to_string(), plan.run)));
        }
        (out, ready_now)
    }

    fn current_run(&self, uid: &str) -> Option<u32> {
        self.plans.get(uid).map(|p| p.run)
    }

    /// Handle one of our events; returns what to schedule and what happened.
    pub fn handle(
        &mut self,
        ev: KubeletEvent,
        api: &mut ApiServer,
        now: Millis,
    ) -> (Scheduled, Option<(String, PodTransition)>) {
        let t = api.time(now);
        let live = |api: &ApiServer, uid: &str| {
            api.pod(uid).filter(|p| !is_terminal(p)).map(|p| {
                (
                    p.metadata.deletion_timestamp.is_some(),
                    p.metadata.uid().to_string(),
                )
            })
        };
        match ev {
            KubeletEvent::Start(uid) => {
                match live(api, &uid) {
                    Some((false, _)) => {}
                    _ => return (Vec::new(), None),
                }
                let (next, ready_now) = self.begin_run(&uid, now, 0);
                api.update_pod(&uid, |p| {
                    let st = p.status.get_or_insert_default();
                    st.phase = Some(PodPhase::Running);
                    st.start_time = Some(t);
                    set_condition(
                        p,
                        PodConditionType::PodScheduled,
                        ConditionStatus::True,
                        None,
                        t,
                    );
                    set_condition(
                        p,
                        PodConditionType::Initialized,
                        ConditionStatus::True,
                        None,
                        t,
                    );
                    set_containers(p, |c| {
                        c.started = Some(true);
                        c.state = Some(ContainerState {
                            running: Some(ContainerStateRunning {
                                started_at: Some(t),
                            }),
                            ..ContainerState::default()
                        });
                        c.ready = ready_now;
                    });
                    if ready_now {
                        set_condition(
                            p,
                            PodConditionType::ContainersReady,
                            ConditionStatus::True,
                            None,
                            t,
                        );
                        set_condition(p, PodConditionType::Ready, ConditionStatus::True, None, t);
                    }
                });
                (next, Some((uid, PodTransition::Running)))
            }
            KubeletEvent::Ready(uid, run) => {
                if self.current_run(&uid) != Some(run) || live(api, &uid).is_none() {
                    return (Vec::new(), None);
                }
                api.update_pod(&uid, |p| {
                    set_containers(p, |c| c.ready = true);
                    set_condition(
                        p,
                        PodConditionType::ContainersReady,
                        ConditionStatus::True,
                        None,
                        t,
                    );
                    set_condition(p, PodConditionType::Ready, ConditionStatus::True, None, t);
                });
                (Vec::new(), Some((uid, PodTransition::Ready)))
            }
            KubeletEvent::Exit(uid, run) => {
                if self.current_run(&uid) != Some(run) || live(api, &uid).is_none() {
                    return (Vec::new(), None);
                }
                let exit_code = self.plans.get(&uid).map_or(0, |p| p.exit_code);
                let restart = api
                    .pod(&uid)
                    .is_some_and(|p| restarts_in_place(p, exit_code));
                if exit_code == 0 && !restart {
                    api.update_pod(&uid, |p| {
                        terminate(p, 0, "Completed", t);
                        p.status.get_or_insert_default().phase = Some(PodPhase::Succeeded);
                    });
                    return (Vec::new(), Some((uid, PodTransition::Succeeded)));
                }
                if restart {
                    let mut restart_count = 0;
                    api.update_pod(&uid, |p| {
                        set_containers(p, |c| {
                            c.restart_count += 1;
                            restart_count = c.restart_count;
                            c.ready = false;
                            c.last_state = Some(ContainerState {
                                terminated: Some(ContainerStateTerminated {
                                    exit_code,
                                    reason: Some(
                                        if exit_code == 0 { "Completed" } else { "Error" }.into(),
                                    ),
                                    finished_at: Some(t),
                                    ..ContainerStateTerminated::default()
                                }),
                                ..ContainerState::default()
                            });
                            c.state = Some(ContainerState {
                                waiting: Some(ContainerStateWaiting {
                                    reason: Some("CrashLoopBackOff".into()),
                                    message: None,
                                }),
                                ..ContainerState::default()
                            });
                        });
                        set_condition(
                            p,
                            PodConditionType::Ready,
                            ConditionStatus::False,
                            Some("ContainersNotReady"),
                            t,
                        );
                    });
                    // Kubelet's crash-loop back-off: 10s doubling, at most 5m.
                    let shift = (restart_count - 1).clamp(0, 5) as u32;
                    let delay = (10_000i64 << shift).min(300_000);
                    return (
                        vec![(now + delay, KubeletEvent::Restart(uid.clone(), run))],
                        Some((
                            uid,
                            PodTransition::Restarted {
                                exit_code,
                                restart_count,
                            },
                        )),
                    );
                }
                api.update_pod(&uid, |p| {
                    terminate(p, exit_code, "Error", t);
                    p.status.get_or_insert_default().phase = Some(PodPhase::Failed);
                });
                (
                    Vec::new(),
                    Some((
                        uid,
                        PodTransition::Failed {
                            exit_code,
                            reason: "Error".into(),
                        },
                    )),
                )
            }
            KubeletEvent::Restart(uid, run) => {
                if self.current_run(&uid) != Some(run)
                    || !matches!(live(api, &uid), Some((false, _)))
                {
                    return (Vec::new(), None);
                }
                let restarts = api
                    .pod(&uid)
                    .and_then(|p| {
                        p.status
                            .as_ref()?
                            .container_statuses
                            .as_ref()?
                            .first()
                            .map(|c| c.restart_count)
                    })
                    .unwrap_or(0);
                let (next, ready_now) = self.begin_run(&uid, now, restarts.max(0) as u32);
                api.update_pod(&uid, |p| {
                    set_containers(p, |c| {
                        c.started = Some(true);
                        c.ready = ready_now;
                        c.state = Some(ContainerState {
                            running: Some(ContainerStateRunning {
                                started_at: Some(t),
                            }),
                            ..ContainerState::default()
                        });
                    });
                    if ready_now {
                        set_condition(
                            p,
                            PodConditionType::ContainersReady,
                            ConditionStatus::True,
                            None,
                            t,
                        );
                        set_condition(p, PodConditionType::Ready, ConditionStatus::True, None, t);
                    }
                });
                (next, None)
            }
            KubeletEvent::Disrupt(uid, run) => {
                if self.current_run(&uid) != Some(run) || live(api, &uid).is_none() {
                    return (Vec::new(), None);
                }
                api.update_pod(&uid, |p| {
                    set_condition(
                        p,
                        PodConditionType::DisruptionTarget,
                        ConditionStatus::True,
                        Some("TerminationByKubelet"),
                        t,
                    );
                    terminate(p, 137, "Error", t);
                    let st = p.status.get_or_insert_default();
                    st.phase = Some(PodPhase::Failed);
                    st.reason = Some("Evicted".into());
                    st.message = Some("The node was low on resource: memory.".into());
                });
                (Vec::new(), Some((uid, PodTransition::Disrupted)))
            }
            KubeletEvent::Stop(uid) => {
                if live(api, &uid).is_none() {
                    return (Vec::new(), None);
                }
                let started = api
                    .pod(&uid)
                    .is_some_and(|p| p.phase() == Some(&PodPhase::Running));
                let exit_code = if started { 143 } else { 137 };
                if let Some(p) = self.plans.get_mut(&uid) {
                    p.run += 1;
                }
                api.update_pod(&uid, |p| {
                    terminate(p, exit_code, "Error", t);
                    p.status.get_or_insert_default().phase = Some(PodPhase::Failed);
                });
                (Vec::new(), Some((uid, PodTransition::Killed { exit_code })))
            }
        }
    }

    /// A delete was requested: stop the containers after the shutdown time.
    pub fn on_deleting(&mut self, pod: &Pod, now: Millis) -> Vec<(Millis, KubeletEvent)> {
        if is_terminal(pod) {
            return Vec::new();
        }
        let uid = pod.metadata.uid().to_string();
        let running = pod.phase() == Some(&PodPhase::Running);
        let grace_ms = pod
            .metadata
            .deletion_grace_period_seconds
            .unwrap_or(30)
            .max(0)
            * 1000;
        let shutdown = match (running, self.plans.get(&uid)) {
            (true, Some(plan)) => plan
                .behaviour
                .shutdown
                .map_or(0, |r| r.sample(&mut self.rng)),
            _ => 0,
        };
        vec![(now + shutdown.min(grace_ms), KubeletEvent::Stop(uid))]
    }
}
