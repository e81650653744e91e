package dev.jdock.daemon.container;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;

/** Docker-style generated names: adjective_surname of a scientist, with a digit appended on collision. */
final class NameGenerator {
    private static final List<String> LEFT = List.of("admiring", "adoring", "affectionate", "agitated", "amazing",
            "angry", "awesome", "beautiful", "blissful", "bold", "boring", "brave", "busy", "charming", "clever",
            "compassionate", "competent", "condescending", "confident", "cool", "cranky", "crazy", "dazzling",
            "determined", "distracted", "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent",
            "epic", "exciting", "fervent", "festive", "flamboyant", "focused", "friendly", "frosty", "funny",
            "gallant", "gifted", "goofy", "gracious", "great", "happy", "hardcore", "heuristic", "hopeful", "hungry",
            "infallible", "inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing",
            "loving", "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice", "nifty",
            "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive", "practical", "priceless",
            "quirky", "quizzical", "recursing", "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly",
            "sleepy", "stoic", "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting",
            "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial",
            "youthful", "zealous", "zen");
    private static final List<String> RIGHT = List.of("agnesi", "albattani", "allen", "archimedes", "ardinghelli",
            "babbage", "banach", "bardeen", "bartik", "bell", "benz", "bhabha", "blackwell", "bohr", "booth",
            "borg", "bose", "brahmagupta", "brattain", "brown", "burnell", "cannon", "carson", "cerf", "chandrasekhar",
            "chaplygin", "clarke", "cohen", "colden", "cori", "cray", "curie", "darwin", "davinci", "diffie",
            "dijkstra", "dubinsky", "easley", "edison", "einstein", "elbakyan", "elgamal", "elion", "engelbart",
            "euclid", "euler", "faraday", "fermat", "fermi", "feynman", "franklin", "gagarin", "galileo", "gates",
            "gauss", "germain", "goldberg", "goldstine", "goldwasser", "goodall", "hamilton", "hawking", "heisenberg",
            "hellman", "hermann", "hertz", "hodgkin", "hofstadter", "hopper", "hypatia", "jackson", "jennings",
            "jepsen", "johnson", "joliot", "kalam", "kapitsa", "kare", "keldysh", "keller", "kepler", "khorana",
            "kilby", "knuth", "lalande", "lamarr", "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin",
            "liskov", "lovelace", "lumiere", "mahavira", "margulis", "matsumoto", "maxwell", "mayer", "mccarthy",
            "mcclintock", "meitner", "mendel", "merkle", "minsky", "mirzakhani", "montalcini", "moore", "morse",
            "napier", "nash", "neumann", "newton", "nobel", "noether", "northcutt", "noyce", "panini", "pare",
            "pascal", "pasteur", "payne", "perlman", "pike", "poincare", "poitras", "ptolemy", "raman", "ramanujan",
            "ride", "ritchie", "roentgen", "rosalind", "saha", "sammet", "shamir", "shannon", "shaw", "shockley",
            "sinoussi", "snyder", "spence", "stonebraker", "sutherland", "swanson", "swartz", "tesla", "thompson",
            "torvalds", "turing", "varahamihira", "visvesvaraya", "wescoff", "wiles", "williams", "wilson", "wing",
            "wozniak", "wright", "yalow", "yonath");

    private final SecureRandom random = new SecureRandom();

    /** A name for which {@code taken} is false. */
    String generate(Predicate<String> taken) {
        for (int retry = 0; ; retry++) {
            String name = LEFT.get(random.nextInt(LEFT.size())) + "_" + RIGHT.get(random.nextInt(RIGHT.size()));
            if (retry > 0) {
                name += random.nextInt(10);
            }
            if (!taken.test(name)) {
                return name;
            }
        }
    }
}
