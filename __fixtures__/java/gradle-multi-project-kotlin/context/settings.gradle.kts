rootProject.name = "shop"

include(":api")
include(":libs:common")
