package logging

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
	"go.uber.org/zap/exp/zapslog"
	"go.uber.org/zap/zapcore"
)

// Formats accepted by Options.Format.
const (
	FormatJSON    = "json"
	FormatConsole = "console"
)

// ErrBadOption reports an unknown log level or format.
var ErrBadOption = errors.New("logging: bad option")

// Options select the level and encoding of the logs.
type Options struct {
	// Level is one of debug, info, warn, error (case-insensitive).
	Level string
	// Format is "json" (one object per line) or "console" (human-readable).
	Format string
	// Output receives the log lines; nil means standard error.
	Output io.Writer
}

// New builds a zap logger for the given options. It fails with an error
// wrapping ErrBadOption when the level or format is unknown.
func New(o Options) (*zap.Logger, error) {
	var level zapcore.Level
	if err := level.UnmarshalText([]byte(strings.ToLower(orDefault(o.Level, "info")))); err != nil {
		return nil, fmt.Errorf("%w: log level %q (want debug, info, warn or error)", ErrBadOption, o.Level)
	}
	cfg := zap.NewProductionEncoderConfig()
	cfg.EncodeTime = zapcore.ISO8601TimeEncoder
	var enc zapcore.Encoder
	switch strings.ToLower(orDefault(o.Format, FormatConsole)) {
	case FormatJSON:
		enc = zapcore.NewJSONEncoder(cfg)
	case FormatConsole:
		cfg.EncodeLevel = zapcore.CapitalLevelEncoder
		enc = zapcore.NewConsoleEncoder(cfg)
	default:
		return nil, fmt.Errorf("%w: log format %q (want json or console)", ErrBadOption, o.Format)
	}
	out := o.Output
	if out == nil {
		out = os.Stderr
	}
	sink := zapcore.Lock(zapcore.AddSync(out))
	core := zapcore.NewCore(enc, sink, level)
	// zap's own errors (a failed write, a bad option) go where the logs go.
	return zap.New(core, zap.AddCaller(), zap.ErrorOutput(sink)), nil
}

// Slog returns a log/slog logger that writes through the zap logger's core.
func Slog(l *zap.Logger) *slog.Logger {
	return slog.New(zapslog.NewHandler(l.Core(), zapslog.WithName("protoactor")))
}

// ActorSystemOption makes a protoactor-go actor system log through zap.
// protoactor logs every actor failure and restart at info level, which on a
// busy engine costs more than the restart itself; its records are therefore
// kept only from warn up, unless the logger is at debug level.
func ActorSystemOption(l *zap.Logger) actor.ConfigOption {
	sl := protoactorSlog(l)
	return actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return sl })
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func protoactorSlog(l *zap.Logger) *slog.Logger {
	// At info, protoactor's info lines (one per restart) are dropped; at
	// warn or above the core drops them already, and zap refuses (and
	// reports on stderr) an "increase" to a level below the core's.
	if c := l.Core(); !c.Enabled(zapcore.DebugLevel) && c.Enabled(zapcore.InfoLevel) {
		l = l.WithOptions(zap.IncreaseLevel(zapcore.WarnLevel))
	}
	return Slog(l)
}
