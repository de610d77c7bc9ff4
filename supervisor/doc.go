// Package supervisor brings Erlang/OTP supervision to protoactor-go actors:
// child specs with restart types and shutdown policies, the one_for_one,
// one_for_all, rest_for_one and simple_one_for_one strategies, restart
// intensity with escalation one level up, ordered start and reverse-ordered
// stop.
package supervisor
