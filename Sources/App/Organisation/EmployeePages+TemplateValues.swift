import LeafKit

// Built directly for Leaf, as `TemplateValues.swift` explains: the directory repeats this row many times a page.
extension EmployeePages.ListContent.Row: LeafDataRepresentable {
    var leafData: LeafData {
        .dictionary([
            "href": .string(href), "number": .string(number), "name": .string(name), "cells": .array(cells.map(\.leafData)),
        ])
    }
}
