package mesoshttp_test

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/mactor/mactor/internal/mesoshttp"
)

func ExampleResolveLocation() {
	// A master that is not the leader answers 307 with a Location that has
	// no scheme.
	base, _ := url.Parse("https://m1:5050/api/v1/scheduler")
	leader, _ := mesoshttp.ResolveLocation(base, "//m2:5050/api/v1/scheduler")
	fmt.Println(leader)
	// Output: https://m2:5050/api/v1/scheduler
}

func ExampleError() {
	var err error = &mesoshttp.Error{Code: 403, Message: "Framework is not subscribed", Call: "DECLINE"}
	var e *mesoshttp.Error
	fmt.Println(errors.Is(err, mesoshttp.ErrForbidden), errors.As(err, &e) && e.Message != "", mesoshttp.IsTemporary(err))
	// Output: true true false
}
