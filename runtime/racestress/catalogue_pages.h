// The study site's catalogue pages (racestress site, site_command.cpp): an index and one page per
// scenario, made from what the site build ran. For each variant: its harness verdict and
// statistics, the outcome histogram, the first failing interleaving as a step table and as an
// SVG sequence diagram, racecheck's findings in its own words, the source with its banner, and
// the diff against the buggy variant. Colours say whether the behaviour was right (the
// invariant held) or wrong; whether that is what the variant declares is a mark of its own.
// Static HTML with relative links only: no script, no network.
#pragma once

#include <string>
#include <vector>

#include "checker_client.h"
#include "variant_result.h"

namespace racestress {

struct CatalogueEntry {
  VariantResult result;
  std::string source;       // the variant's file, banner included ("" when it was not found)
  std::string diff_base;    // the buggy file it is compared with ("" for a buggy variant)
  std::string diff;         // `diff -u` of diff_base against the variant's file
  std::string diagram;      // the first failure's SVG, relative to the page ("" when none)
  CheckerOutcome checker;   // racecheck's findings on the variant's file
};

struct CataloguePage {
  std::string scenario;
  int number = 0;                    // place in the course, from 1
  std::vector<CatalogueEntry> entries;
  std::string prev, next;            // neighbouring scenarios ("" at the ends)
  bool course_page = false;          // the course has a page for it (../SCENARIO.html)
};

// The file names, relative to the catalogue folder.
std::string catalogue_page_file(const std::string& scenario);
constexpr const char* kCatalogueIndex = "index.html";
constexpr const char* kCatalogueStyle = "catalogue.css";

std::string render_catalogue_page(const CataloguePage& page, const std::string& command);
std::string render_catalogue_index(const std::vector<CataloguePage>& pages, bool course, const std::string& command);
std::string catalogue_style();

}  // namespace racestress
