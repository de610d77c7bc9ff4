package resources_test

import (
	"fmt"

	"github.com/mactor/mactor/internal/resources"
)

func ExampleParse() {
	agent, err := resources.Parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]", "*")
	if err != nil {
		panic(err)
	}
	task := resources.MustParse("cpus:0.07;mem:400;ports:[31000-31000]")
	left := agent.Minus(task)
	fmt.Println(left)
	fmt.Println(left.Contains(task), agent.Contains(task))
	// Output:
	// cpus:23.93; mem:3696; disk:4096; ports:[31001-32000]
	// false true
}

func ExampleResources_AllocatableTo() {
	agent := resources.MustParse("cpus:4;cpus(eng):2;cpus(eng/web):1;cpus(ops):8")
	fmt.Println(agent.AllocatableTo("eng/web").ScalarQuantities())
	// Output:
	// cpus:7
}

func ExampleShrink() {
	target, _ := resources.ParseQuantities("cpus:1;mem:512")
	fmt.Println(resources.Shrink(resources.MustParse("cpus:4"), target, nil))
	// Output:
	// cpus:1
}
