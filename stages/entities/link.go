package entities

import "github.com/depeche-news/depeche/stages/entities/canon"

// newLinker loads canon's gazetteers once per Recognizer.
func newLinker() (linker, error) {
	l, err := canon.New()
	if err != nil {
		return nil, err
	}
	return l, nil
}
