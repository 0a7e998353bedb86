package dev.muon.northbound;

/** Which write a request body is for; decides which attributes it may carry. */
enum Operation {
    CREATE, UPDATE
}
