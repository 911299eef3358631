// Where a variant's source file is. RACELAB_VARIANT records __FILE__, which is relative to the
// compiler's working directory when the build rewrites paths (ccache's base_dir does), so it is
// resolved against the build directory the catalogue was compiled in.
#pragma once

#include <string>

namespace racestress {

std::string variant_source_path(const std::string& recorded);

}  // namespace racestress
