// Package preload starts decoding the embedded entity models in the background while the rest of
// the program initialises. Import it for its side effect, from a main package only:
//
//	import _ "github.com/depeche-news/depeche/stages/entities/models/preload"
//
// Why: go-trafilatura (the boilerplate stage's HTML extractor) links in go-dateparser, whose
// package initialisation builds its locale tables for about 0.2 s on one core before main runs.
// This package depends on nothing but the models, so it initialises before that and the models
// decode on the other core meanwhile. models.Shared then returns them, or waits for them.
// The price, for a program that turns the entities stage off, is the decoding it did not need.
package preload

import "github.com/depeche-news/depeche/stages/entities/models"

func init() { go models.Shared() }
