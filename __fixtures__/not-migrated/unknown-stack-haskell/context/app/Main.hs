module Main where

main :: IO ()
main = putStrLn "pandoc-service"
