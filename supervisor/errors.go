package supervisor

import "errors"

// Sentinel errors returned (wrapped, test them with errors.Is) by Start and
// by the Handle methods. They mirror the error atoms of OTP's supervisor
// module where one exists.
var (
	// ErrNotFound: no child with that id (OTP not_found).
	ErrNotFound = errors.New("child not found")
	// ErrRunning: the child is running, so it cannot be restarted or
	// deleted (OTP running).
	ErrRunning = errors.New("child is running")
	// ErrRestarting: the child is waiting for a restart (after a crash, a
	// failed restart or during a backoff delay), so it cannot be restarted
	// or deleted by hand (OTP restarting).
	ErrRestarting = errors.New("child is restarting")
	// ErrAlreadyPresent: AddChild for an id whose spec is present but whose
	// child is not running (OTP already_present).
	ErrAlreadyPresent = errors.New("child spec already present")
	// ErrAlreadyStarted: AddChild or StartChild for an id whose child is
	// running (OTP already_started).
	ErrAlreadyStarted = errors.New("child already started")
	// ErrSimpleOneForOne: the operation does not exist for a
	// simple_one_for_one supervisor (OTP simple_one_for_one).
	ErrSimpleOneForOne = errors.New("not allowed on a simple_one_for_one supervisor")
	// ErrNotSimpleOneForOne: StartChild(id) is only for simple_one_for_one
	// supervisors; static supervisors take AddChild(spec).
	ErrNotSimpleOneForOne = errors.New("only allowed on a simple_one_for_one supervisor")
	// ErrInvalidSpec: a Spec or ChildSpec is malformed.
	ErrInvalidSpec = errors.New("invalid spec")
	// ErrStartFailed: a child (or the supervisor itself) failed to start.
	// The child's own error is wrapped alongside.
	ErrStartFailed = errors.New("start failed")
	// ErrTimeout: the supervisor did not answer a Handle call in time. The
	// supervisor may simply be busy: it processes calls one at a time and
	// blocks while it starts or stops children.
	ErrTimeout = errors.New("supervisor call timed out")
	// ErrNoSupervisor: there is no supervisor process at that PID (it
	// terminated, or never existed).
	ErrNoSupervisor = errors.New("no supervisor at that PID")
	// ErrStopping: the supervisor is shutting down and takes no more calls.
	ErrStopping = errors.New("supervisor is shutting down")
	// ErrNotSupervisor: Handle.Supervisor was asked for a child that is not
	// a running supervisor.
	ErrNotSupervisor = errors.New("child is not a running supervisor")
	// ErrMaxRestartIntensity: the supervisor gave up because more than
	// MaxR restarts happened within the period (OTP
	// reached_max_restart_intensity). It is the term of the supervisor's
	// exit reason ShutdownWith(ErrMaxRestartIntensity).
	ErrMaxRestartIntensity = errors.New("reached max restart intensity")
	// ErrIgnore, returned by Initializer.Init, says the child chose not to
	// run (OTP ignore). The start counts as successful; the child is simply
	// not running. Its spec is kept (except for temporary children and
	// simple_one_for_one instances, which are dropped).
	ErrIgnore = errors.New("ignore")
)
