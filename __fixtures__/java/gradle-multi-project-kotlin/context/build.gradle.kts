plugins {
    id("org.springframework.boot") version "3.3.4" apply false
    id("io.spring.dependency-management") version "1.1.6" apply false
}

subprojects {
    group = "com.shop"
    version = "1.2.0"

    repositories {
        mavenCentral()
    }
}
