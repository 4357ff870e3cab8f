(defproject todo "0.1.0"
  :main todo.core
  :profiles {:uberjar {:aot :all}})
