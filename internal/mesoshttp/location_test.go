package mesoshttp_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/mactor/mactor/internal/mesoshttp"
)

func TestResolveLocation(t *testing.T) {
	base, _ := url.Parse("https://m1:5050/api/v1/scheduler?x=1")
	tests := []struct {
		name, loc, want string
		wantErr         error
	}{
		{"protocol relative", "//m2:5050/api/v1/scheduler", "https://m2:5050/api/v1/scheduler", nil},
		{"protocol relative without path", "//m2:5050", "https://m2:5050/api/v1/scheduler?x=1", nil},
		{"master delegate path", "//10.0.0.2:5050/master/api/v1/scheduler", "https://10.0.0.2:5050/master/api/v1/scheduler", nil},
		{"bare host and port", "m2:5050", "https://m2:5050/api/v1/scheduler?x=1", nil},
		{"bare host with path", "m2:5050/api/v1/scheduler", "https://m2:5050/api/v1/scheduler", nil},
		{"absolute", "http://m3:5050/api/v1/scheduler", "http://m3:5050/api/v1/scheduler", nil},
		{"path only", "/master/api/v1/scheduler", "https://m1:5050/master/api/v1/scheduler", nil},
		{"ipv6", "//[::1]:5050/api/v1/scheduler", "https://[::1]:5050/api/v1/scheduler", nil},
		{"spaces", "  //m2:5050/api  ", "https://m2:5050/api", nil},
		{"empty", "", "", mesoshttp.ErrBadRedirect},
		{"garbage", "//%zz", "", mesoshttp.ErrBadRedirect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mesoshttp.ResolveLocation(base, tt.loc)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && got.String() != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}
